#include "support/strata_process.h"

#include <filesystem>
#include <fcntl.h>
#include <pty.h>
#include <sys/resource.h>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include "support/temp_dir.h"

namespace strata::testing {

pid_t Strata::Start(const std::vector<std::string>& args, const std::string& tag) const {
  std::string out = (cwd_ / (".out" + tag)).string(), err = (cwd_ / (".err" + tag)).string();
  pid_t pid = fork();
  if (pid == 0) {
    int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = open("/dev/null", O_RDONLY);
    dup2(o, 1), dup2(e, 2), dup2(in, 0);
    Exec(args);
  }
  return pid;
}

Outcome Strata::Finish(pid_t pid, const std::string& tag) const {
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), ReadFile(cwd_ / (".out" + tag)),
          ReadFile(cwd_ / (".err" + tag))};
}

std::vector<Outcome> Strata::AtOnce(int runners, const std::vector<std::string>& args) const {
  std::vector<pid_t> pids;
  for (int i = 0; i < runners; ++i) pids.push_back(Start(args, std::to_string(i)));
  std::vector<Outcome> outcomes;
  for (int i = 0; i < runners; ++i) outcomes.push_back(Finish(pids[i], std::to_string(i)));
  return outcomes;
}

Outcome Strata::OnTerminal(const std::vector<std::string>& args, const std::string& answer) const {
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) Exec(args);
  std::string seen;
  bool answered = false;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(master, buffer, sizeof(buffer));
    if (n <= 0) break;  // EIO once the child has exited
    seen.append(buffer, n);
    if (!answered && seen.find("[y/N]") != std::string::npos) {
      std::string line = answer + "\n";
      if (write(master, line.data(), line.size()) < 0) break;
      answered = true;
    }
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, seen, ""};
}

void Strata::Exec(const std::vector<std::string>& args) const {
  if (chdir(cwd_.c_str()) != 0) _exit(127);
  for (const char* name : {"DATABASE_URL", "STRATA_DIR", "STRATA_TABLE", "STRATA_ENV", "STRATA_ENVIRONMENT", "STRATA_SEEDS_DIR", "BACKUP_ENABLED", "NO_COLOR",
                           "STRATA_LOCK", "STRATA_LEASE_TTL", "STRATA_DRIVER_PATH", "STRATA_CACHE"}) unsetenv(name);
  // The reporting commands' cache of file facts goes to one place of the tests', not to the home folder.
  setenv("XDG_CACHE_HOME", (std::filesystem::temp_directory_path() / "strata-test-cache").c_str(), 1);
  for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
  if (file_size_limit >= 0) {
    signal(SIGXFSZ, SIG_IGN);  // kept across exec: writes past the limit fail with EFBIG instead
    rlimit limit{static_cast<rlim_t>(file_size_limit), static_cast<rlim_t>(file_size_limit)};
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  std::vector<char*> argv;
  for (const auto& w : wrapper) argv.push_back(const_cast<char*>(w.c_str()));
  argv.push_back(const_cast<char*>(STRATA_BINARY));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());
  _exit(127);
}

}  // namespace strata::testing
