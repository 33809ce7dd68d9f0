// Configuration as deploy scripts use it, run as a user runs strata: [environments.NAME] in strata.toml
// chosen by --environment / --env / STRATA_ENVIRONMENT / STRATA_ENV; `strata config` naming where each
// value came from and never printing a password; NO_COLOR; `strata wait` on SQLite and on real servers
// (one that is not there, one that is, one that starts listening a moment late); recursive migration
// directories; `strata new --description` and SUBFOLDER/NAME.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/backends.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::Contains;
using testing::Outcome;
using testing::ReadFile;
using testing::Strata;
using testing::TempDir;

constexpr char kPlainMigration[] = "-- strata:up\nCREATE TABLE t (x INTEGER);\n-- strata:down\nDROP TABLE t;\n";

class ConfigCliTest : public ::testing::Test {
 protected:
  ConfigCliTest() : strata_(dir_.path()) {}
  // `strata --json ARGS... config`'s settings, failing the test when it fails.
  json Settings(std::vector<std::string> args = {}) {
    args.insert(args.begin(), "--json");
    args.push_back("config");
    Outcome o = strata_(args);
    EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
    json doc = json::parse(o.out, nullptr, false);
    return doc.is_object() ? doc["settings"] : json();
  }

  TempDir dir_;
  Strata strata_;
};

constexpr char kEnvironmentsToml[] =
    "url = \"sqlite:dev.db\"\n"
    "table = \"dev_history\"\n"
    "[vars]\nrole = \"dev\"\n"
    "[environments.staging]\n"
    "url = \"sqlite:staging.db\"\n"
    "dir = \"db/staging_migrations\"\n"
    "[environments.staging.vars]\nrole = \"stage\"\n"
    "[environments.production]\n"
    "url = \"postgres://deploy:TopSecret9@db.example.com/app\"\n";

TEST_F(ConfigCliTest, AnEnvironmentIsChosenByFlagOrVariableAndOverridesTheTopLevel) {
  dir_.Write("strata.toml", kEnvironmentsToml);
  json top = Settings();
  EXPECT_EQ(top["url"]["value"], "sqlite:dev.db");
  EXPECT_EQ(top["url"]["source"], "strata.toml");
  EXPECT_EQ(top["environment"]["value"], nullptr);

  for (const std::vector<std::string>& chosen : {std::vector<std::string>{"--environment", "staging"},
                                                 std::vector<std::string>{"--env", "staging"}}) {
    json staging = Settings(chosen);
    EXPECT_EQ(staging["environment"]["value"], "staging");
    EXPECT_EQ(staging["environment"]["source"], "--environment");
    EXPECT_EQ(staging["url"]["value"], "sqlite:staging.db");
    EXPECT_EQ(staging["url"]["source"], "strata.toml [environments.staging]");
    EXPECT_EQ(staging["dir"]["value"], "db/staging_migrations");
    EXPECT_EQ(staging["table"]["value"], "dev_history");  // not in the environment: the top level's
    EXPECT_EQ(staging["table"]["source"], "strata.toml");
    EXPECT_EQ(staging["vars.role"]["value"], "stage");
    EXPECT_EQ(staging["vars.role"]["source"], "strata.toml [environments.staging.vars]");
  }
  strata_.env["STRATA_ENVIRONMENT"] = "staging";
  EXPECT_EQ(Settings()["environment"]["source"], "env STRATA_ENVIRONMENT");
  strata_.env.erase("STRATA_ENVIRONMENT");
  strata_.env["STRATA_ENV"] = "staging";
  EXPECT_EQ(Settings()["url"]["value"], "sqlite:staging.db");

  // The commands use it: `up` applies to the environment's database, from its directory.
  dir_.Write("db/staging_migrations/001_t.sql", kPlainMigration);
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "staging.db"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "dev.db"));
  // A flag and DATABASE_URL still win over the file.
  strata_.env["DATABASE_URL"] = "sqlite:other.db";
  EXPECT_EQ(Settings()["url"]["source"], "env DATABASE_URL");
  EXPECT_EQ(Settings({"--url", "sqlite:flag.db"})["url"]["source"], "--url");
}

TEST_F(ConfigCliTest, AnUnknownOrContradictoryEnvironmentIsRefusedClearly) {
  dir_.Write("strata.toml", kEnvironmentsToml);
  Outcome unknown = strata_({"--environment", "prod", "status"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(Contains(unknown.err, "environment 'prod' (from --environment) is not in strata.toml")) << unknown.err;
  EXPECT_TRUE(Contains(unknown.err, "production, staging")) << unknown.err;

  strata_.env["STRATA_ENVIRONMENT"] = "staging";
  strata_.env["STRATA_ENV"] = "production";
  Outcome disagree = strata_({"config"});
  EXPECT_EQ(disagree.exit_code, 2);
  EXPECT_TRUE(Contains(disagree.err, "STRATA_ENVIRONMENT is 'staging' but STRATA_ENV is 'production'")) << disagree.err;
  // The flag settles it.
  EXPECT_EQ(strata_({"--env", "staging", "config"}).exit_code, 0);

  dir_.Write("strata.toml", "[environments.staging]\nurl = \"sqlite:s.db\"\ntabel = \"x\"\n");
  Outcome typo = strata_({"--env", "staging", "config"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_TRUE(Contains(typo.err, "strata.toml:3: unknown key 'environments.staging.tabel'; known keys are url"))
      << typo.err;
  // Without [environments] any name is only the guard's (production asks before risky changes).
  dir_.Write("strata.toml", "url = \"sqlite:s.db\"\n");
  EXPECT_EQ(Settings({"--env", "anything"})["environment"]["value"], "anything");
}

// Lock, timeouts and backups may be set per environment too; a flag or a variable still wins.
TEST_F(ConfigCliTest, LockTimeoutAndBackupSettingsComeFromTheEnvironmentsTable) {
  dir_.Write("strata.toml",
             "url = \"sqlite:app.db\"\n"
             "lock_timeout = 2\n"
             "[environments.production]\n"
             "lock = \"table\"\n"
             "lease_ttl = \"5s\"\n"
             "ddl_lock_timeout = 0.5\n"
             "max_migration_time = \"10m\"\n"
             "lock_url = \"postgres://locker:LockToml4@db/app\"\n"
             "backups = false\n");
  json top = Settings();
  EXPECT_EQ(top["lock_timeout"]["value"], 2.0);
  EXPECT_EQ(top["lock_timeout"]["source"], "strata.toml");
  EXPECT_EQ(top["lock"]["value"], "auto");
  EXPECT_EQ(top["backups"]["value"], true);
  EXPECT_EQ(top["backups"]["source"], "default");

  json production = Settings({"--env", "production"});
  EXPECT_EQ(production["lock"]["value"], "table");
  EXPECT_EQ(production["lock"]["source"], "strata.toml [environments.production]");
  EXPECT_EQ(production["lease_ttl"]["value"], "5s");
  EXPECT_EQ(production["ddl_lock_timeout"]["value"], 0.5);
  EXPECT_EQ(production["lock_timeout"]["source"], "strata.toml");
  EXPECT_EQ(production["max_migration_time"]["value"], "10m");
  EXPECT_EQ(production["lock_url"]["value"], "postgres://locker:***@db/app");
  EXPECT_EQ(production["backups"]["value"], false);
  json flags = Settings({"--env", "production", "--lock-timeout", "7", "--lock", "advisory"});
  EXPECT_EQ(flags["lock_timeout"]["value"], 7.0);
  EXPECT_EQ(flags["lock_timeout"]["source"], "--lock-timeout");
  EXPECT_EQ(flags["lock"]["source"], "--lock");
  strata_.env["BACKUP_ENABLED"] = "true";
  EXPECT_EQ(Settings({"--env", "production"})["backups"]["source"], "env BACKUP_ENABLED");
  strata_.env.erase("BACKUP_ENABLED");

  // backups = false is obeyed: the step that drops a table runs without a copy.
  dir_.Write("strata.toml", "url = \"sqlite:app.db\"\n[environments.ci]\nbackups = false\n");
  dir_.Write("db/migrations/001_t.sql", "-- strata:up\nCREATE TABLE t (x INTEGER);\nINSERT INTO t VALUES (1);\n");
  dir_.Write("db/migrations/002_drop.sql", "-- strata:up\nDROP TABLE t;\n");
  Outcome up = strata_({"--env", "ci", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  Outcome list = strata_({"--json", "backups", "list"});
  EXPECT_EQ(json::parse(list.out, nullptr, false)["backups"].size(), 0u) << list.out;

  // Bad values name the key, where it is, and what would do.
  dir_.Write("strata.toml", "url = \"sqlite:app.db\"\nlock = \"bogus\"\n");
  Outcome bad_lock = strata_({"status"});
  EXPECT_EQ(bad_lock.exit_code, 2) << bad_lock.out << bad_lock.err;
  EXPECT_TRUE(Contains(bad_lock.err, "lock (strata.toml) 'bogus' is not a lock method")) << bad_lock.err;
  dir_.Write("strata.toml", "url = \"sqlite:app.db\"\n\nlock_timeout = \"60\"\n");
  Outcome bad_timeout = strata_({"status"});
  EXPECT_NE(bad_timeout.exit_code, 0);
  EXPECT_TRUE(Contains(bad_timeout.err, "strata.toml:3: 'lock_timeout' must be a number of seconds")) << bad_timeout.err;
}

TEST_F(ConfigCliTest, ConfigNamesEverySourceAndNeverAPassword) {
  dir_.Write("strata.toml", std::string(kEnvironmentsToml) + "");
  dir_.Write(".env", "DATABASE_URL=mysql://app:DotenvPass7@127.0.0.1/app\n");
  strata_.env["STRATA_TABLE"] = "env_history";
  strata_.env["STRATA_VAR_API_TOKEN"] = "tok-123456";
  json s = Settings({"--dir", "flag_dir", "--set", "region=eu"});
  EXPECT_EQ(s["url"]["source"], ".env");
  EXPECT_EQ(s["url"]["value"], "mysql://app:***@127.0.0.1/app");
  EXPECT_EQ(s["dir"]["source"], "--dir");
  EXPECT_EQ(s["table"]["source"], "env STRATA_TABLE");
  EXPECT_EQ(s["seeds_dir"]["source"], "default");
  EXPECT_EQ(s["recursive"]["value"], false);
  EXPECT_EQ(s["vars.region"]["source"], "--set");
  EXPECT_EQ(s["vars.API_TOKEN"]["value"], "***");
  EXPECT_EQ(s["vars.API_TOKEN"]["source"], "env STRATA_VAR_API_TOKEN");
  EXPECT_EQ(s["lock"]["value"], "auto");

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"config"}, std::vector<std::string>{"--env", "production", "config"},
        std::vector<std::string>{"--json", "--env", "production", "--lock-url",
                                 "postgres://locker:LockPass3@db/app", "config"}}) {
    Outcome o = strata_(args);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    for (const char* secret : {"DotenvPass7", "TopSecret9", "tok-123456", "LockPass3"}) {
      EXPECT_FALSE(Contains(o.out + o.err, secret)) << secret << " printed:\n" << o.out;
    }
  }
  Outcome text = strata_({"--env", "production", "config"});
  EXPECT_TRUE(Contains(text.out, "SOURCE")) << text.out;
  EXPECT_TRUE(Contains(text.out, "env STRATA_TABLE")) << text.out;
  // .env wins over the environment's url; without it the environment's shows, redacted.
  std::filesystem::remove(dir_.path() / ".env");
  json production = Settings({"--env", "production"});
  EXPECT_EQ(production["url"]["value"], "postgres://deploy:***@db.example.com/app");
  // No URL anywhere is no error for `config`: it says so.
  std::filesystem::remove(dir_.path() / "strata.toml");
  json none = Settings();
  EXPECT_EQ(none["url"]["value"], nullptr);
  EXPECT_EQ(none["url"]["source"], "none");
  EXPECT_EQ(none["config_file"]["value"], nullptr);
}

TEST_F(ConfigCliTest, NoColorDisablesColourOnlyWhenNotEmpty) {
  strata_.env["DATABASE_URL"] = "sqlite:app.db";
  dir_.Write("db/migrations/001_t.sql", kPlainMigration);
  strata_.env["NO_COLOR"] = "";  // present but empty: no-color.org says colour stays
  Outcome coloured = strata_.OnTerminal({"up"}, "");
  EXPECT_EQ(coloured.exit_code, 0) << coloured.out;
  EXPECT_TRUE(Contains(coloured.out, "\033[")) << coloured.out;
  strata_.env["NO_COLOR"] = "1";
  Outcome plain = strata_.OnTerminal({"down"}, "");
  EXPECT_EQ(plain.exit_code, 0) << plain.out;
  EXPECT_TRUE(Contains(plain.out, "reverted") || Contains(plain.out, "001")) << plain.out;
  EXPECT_FALSE(Contains(plain.out, "\033[")) << plain.out;
}

TEST_F(ConfigCliTest, WaitAnswersAtOnceOnSqliteAndGivesUpQuicklyOnAClosedPort) {
  strata_.env["DATABASE_URL"] = "sqlite:app.db";
  Outcome ready = strata_({"--json", "wait"});
  EXPECT_EQ(ready.exit_code, 0) << ready.err;
  json doc = json::parse(ready.out, nullptr, false);
  EXPECT_EQ(doc["ok"], true);
  EXPECT_EQ(doc["attempts"], 1);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "app.db"));  // waiting creates nothing

  auto started = std::chrono::steady_clock::now();
  Outcome closed = strata_({"--url", "postgres://app:WaitPass5@127.0.0.1:1/app", "wait", "--wait-timeout", "0.4"});
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(closed.exit_code, 3) << closed.err;
  EXPECT_TRUE(Contains(closed.err, "postgres://app:***@127.0.0.1:1/app did not accept connections within "
                                   "--wait-timeout 0.4s"))
      << closed.err;
  EXPECT_TRUE(Contains(closed.err, "the last error:")) << closed.err;
  EXPECT_FALSE(Contains(closed.err, "WaitPass5"));
  EXPECT_LT(took, std::chrono::seconds(5));
  Outcome negative = strata_({"wait", "--wait-timeout", "-1"});
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_TRUE(Contains(negative.err, "--wait-timeout must be 0 seconds or more")) << negative.err;
}

TEST_F(ConfigCliTest, RecursiveDirectoriesReadSubfoldersOnlyWhenAsked) {
  strata_.env["DATABASE_URL"] = "sqlite:app.db";
  dir_.Write("db/migrations/001_top.sql", kPlainMigration);
  dir_.Write("db/migrations/2026/11/002_nested.sql",
             "-- strata:up\nCREATE TABLE n (x INTEGER);\n-- strata:down\nDROP TABLE n;\n");
  json flat = json::parse(strata_({"--json", "list"}).out, nullptr, false);
  ASSERT_EQ(flat["migrations"].size(), 1u) << flat.dump();  // as before: subfolders are not read

  dir_.Write("strata.toml", "recursive = true\n");
  json deep = json::parse(strata_({"--json", "list"}).out, nullptr, false);
  ASSERT_EQ(deep["migrations"].size(), 2u) << deep.dump();
  Outcome up = strata_({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;

  // Moving a file to another folder changes nothing the history knows.
  std::filesystem::create_directories(dir_.path() / "db/migrations/2026/12");
  std::filesystem::rename(dir_.path() / "db/migrations/2026/11/002_nested.sql",
                          dir_.path() / "db/migrations/2026/12/002_nested.sql");
  Outcome valid = strata_({"validate"});
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;

  dir_.Write("db/migrations/2027/002_again.sql", kPlainMigration);
  Outcome twice = strata_({"list"});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_TRUE(Contains(twice.err, "version 002 is used by 2 files")) << twice.err;
  EXPECT_TRUE(Contains(twice.err, "db/migrations/2026/12/002_nested.sql")) << twice.err;
  EXPECT_TRUE(Contains(twice.err, "db/migrations/2027/002_again.sql")) << twice.err;
  std::filesystem::remove(dir_.path() / "db/migrations/2027/002_again.sql");

  // `new` writes to the top folder, or to SUBFOLDER/ when the name says so, after every version.
  Outcome top = strata_({"new", "add_a", "--sequential"});
  EXPECT_EQ(top.out, "db/migrations/003_add_a.sql\n") << top.err;
  Outcome nested = strata_({"new", "2026/12/add_b", "--sequential"});
  EXPECT_EQ(nested.out, "db/migrations/2026/12/004_add_b.sql\n") << nested.err;
  Outcome outside = strata_({"new", "../add_c"});
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_TRUE(Contains(outside.err, "must be a path inside the migrations directory")) << outside.err;

  dir_.Write("strata.toml", "recursive = \"yes\"\n");
  Outcome quoted = strata_({"list"});
  EXPECT_EQ(quoted.exit_code, 2);
  EXPECT_TRUE(Contains(quoted.err, "strata.toml:1: 'recursive' must be true or false")) << quoted.err;
  std::filesystem::remove(dir_.path() / "strata.toml");
  Outcome flag = strata_({"--recursive", "--json", "list"});
  EXPECT_EQ(json::parse(flag.out, nullptr, false)["migrations"].size(), 4u) << flag.out << flag.err;
  Outcome refused = strata_({"new", "2026/12/add_d"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(Contains(refused.err, "set recursive = true in strata.toml (or pass --recursive)")) << refused.err;
}

TEST_F(ConfigCliTest, NewDescriptionIsOneHeaderLine) {
  Outcome made = strata_({"new", "add_users", "--sequential", "--description", "Adds the users table"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_EQ(ReadFile(dir_.path() / "db/migrations/001_add_users.sql").rfind("-- strata:description Adds the users table\n", 0), 0u);
  Outcome json_file = strata_({"new", "add_field", "--sequential", "--format", "json", "--description", "A field"});
  ASSERT_EQ(json_file.exit_code, 0) << json_file.err;
  EXPECT_EQ(json::parse(ReadFile(dir_.path() / "db/migrations/002_add_field.json"))["description"], "A field");
  Outcome two_lines = strata_({"new", "add_more", "--description", "first\nsecond"});
  EXPECT_EQ(two_lines.exit_code, 2);
  EXPECT_TRUE(Contains(two_lines.err, "--description must be one line")) << two_lines.err;
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_.path() / "db/migrations"),
                          std::filesystem::directory_iterator()),
            2);
}

// A port that starts accepting only when Open() is called, then forwards each connection to a server:
// a database that comes up while `strata wait` waits.
class LateForwarder {
 public:
  explicit LateForwarder(int server_port) : server_port_(server_port) {
    int probe = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    close(probe);  // free until Open(): connecting to it is refused
  }
  ~LateForwarder() {
    stop_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    for (std::thread& pump : pumps_) pump.join();
    if (listener_ >= 0) close(listener_);
  }
  int port() const { return port_; }

  bool Open() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    sockaddr_in address = Loopback(port_);
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || listen(listener_, 8) != 0) {
      return false;
    }
    acceptor_ = std::thread([this] { Accept(); });
    return true;
  }

 private:
  static sockaddr_in Loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    return address;
  }
  void Accept() {
    while (!stop_) {
      pollfd ready{listener_, POLLIN, 0};
      if (poll(&ready, 1, 50) <= 0) continue;
      int client = accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      int server = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address = Loopback(server_port_);
      if (connect(server, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        close(client);
        close(server);
        continue;
      }
      pumps_.emplace_back([this, client, server] { Pump(client, server); });
    }
  }
  void Pump(int a, int b) {
    char buffer[16384];
    while (!stop_) {
      pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
      if (poll(fds, 2, 50) <= 0) continue;
      bool closed = false;
      for (int i = 0; i < 2 && !closed; ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
        closed = n <= 0 || write(fds[1 - i].fd, buffer, static_cast<size_t>(n)) != n;
      }
      if (closed) break;
    }
    close(a);
    close(b);
  }

  int server_port_;
  int port_ = 0;
  int listener_ = -1;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::vector<std::thread> pumps_;
};

class WaitServerTest : public ::testing::TestWithParam<Backend> {
 protected:
  WaitServerTest() : strata_(dir_.path()) {}
  TempDir dir_;
  Strata strata_;
};

TEST_P(WaitServerTest, ARunningServerIsReadyAndALateOneIsWaitedFor) {
  const std::string url = testing::FreshUrl(GetParam(), dir_);
  ASSERT_FALSE(url.empty()) << GetParam().name << " is required but not configured";
  Outcome ready = strata_({"--url", url, "--json", "wait", "--wait-timeout", "5"});
  EXPECT_EQ(ready.exit_code, 0) << ready.out << ready.err;
  EXPECT_EQ(json::parse(ready.out, nullptr, false)["attempts"], 1) << ready.out;

  // The same database behind a port that opens 1.5 s after strata starts waiting (long enough for a
  // sanitized strata to have started and been refused).
  const size_t colon = url.find(':', url.find('@') == std::string::npos ? url.find("://") + 3 : url.find('@'));
  ASSERT_NE(colon, std::string::npos) << url;
  const size_t port_end = url.find_first_of("/?", colon);
  LateForwarder late(std::stoi(url.substr(colon + 1, port_end - colon - 1)));
  const std::string late_url = url.substr(0, colon + 1) + std::to_string(late.port()) + url.substr(port_end);
  pid_t waiting = strata_.Start({"--url", late_url, "--json", "wait", "--wait-timeout", "20"}, "late");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_TRUE(late.Open());
  Outcome waited = strata_.Finish(waiting, "late");
  EXPECT_EQ(waited.exit_code, 0) << waited.out << waited.err;
  json doc = json::parse(waited.out, nullptr, false);
  // Refused at least once, then let in: how long that took depends on how fast strata started.
  EXPECT_GT(doc["attempts"].get<int>(), 1) << waited.out;
  EXPECT_GT(doc["waited_ms"].get<int>(), 0) << waited.out;
}

INSTANTIATE_TEST_SUITE_P(Servers, WaitServerTest, ::testing::ValuesIn(testing::ServerBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(WaitServerTest);

}  // namespace
}  // namespace strata
