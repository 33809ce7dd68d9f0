// Runs the built `strata` binary as a user would: in a directory, with an environment, capturing its
// output; also on a pseudo-terminal, answering its questions.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace strata::testing {

// Whether `part` stands anywhere in `text` (an output, an error).
inline bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// The environment is the test's minus anything strata reads, plus `env`.
class Strata {
 public:
  explicit Strata(std::filesystem::path cwd) : cwd_(std::move(cwd)) {}
  std::map<std::string, std::string> env;
  // A command strata runs under, e.g. {"setpriv", "--reuid=65534", ...}; strata's path and arguments
  // follow it. Default: none.
  std::vector<std::string> wrapper;
  // Largest file strata may write, in bytes (RLIMIT_FSIZE, with SIGXFSZ ignored: a full disk to SQLite).
  // Default: no limit.
  long file_size_limit = -1;

  // Starts strata in the background; its output goes to files named after `tag`.
  pid_t Start(const std::vector<std::string>& args, const std::string& tag) const;
  Outcome Finish(pid_t pid, const std::string& tag) const;
  Outcome operator()(const std::vector<std::string>& args) const { return Finish(Start(args, ""), ""); }
  // Starts `runners` processes with `args` at once, as replicas deploying together, and waits for all.
  std::vector<Outcome> AtOnce(int runners, const std::vector<std::string>& args) const;
  // Runs strata on a pseudo-terminal, answers `answer` when it asks a question, and returns all it wrote.
  Outcome OnTerminal(const std::vector<std::string>& args, const std::string& answer) const;

 private:
  [[noreturn]] void Exec(const std::vector<std::string>& args) const;
  std::filesystem::path cwd_;
};

}  // namespace strata::testing
