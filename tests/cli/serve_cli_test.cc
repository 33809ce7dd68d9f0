// `strata serve` as a user runs it: in the background, answering over HTTP, stopped by SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "strata/serve.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

class ServeCliTest : public ::testing::Test {
 protected:
  ServeCliTest() : strata_(dir_.path()) { strata_.env["DATABASE_URL"] = "sqlite:app.db"; }
  // Starts `strata serve ARGS` and returns the port it says it listens on (0 when it said nothing).
  int StartServe(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"serve", "--listen", "127.0.0.1:0"};
    all.insert(all.end(), args.begin(), args.end());
    pid_ = strata_.Start(all, "serve");
    static const std::regex kListening("http://127\\.0\\.0\\.1:([0-9]+)/");
    for (int i = 0; i < 200; ++i) {
      std::smatch match;
      std::string out = testing::ReadFile(dir_.path() / ".outserve");
      if (std::regex_search(out, match, kListening)) return std::stoi(match[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return 0;
  }
  Outcome StopServe() {
    kill(pid_, SIGTERM);
    Outcome o = strata_.Finish(pid_, "serve");
    pid_ = -1;
    return o;
  }
  ~ServeCliTest() override {
    if (pid_ > 0) StopServe();
  }

  TempDir dir_;
  Strata strata_;
  pid_t pid_ = -1;
};

TEST_F(ServeCliTest, ServesTheHealthOfTheDatabaseAsItChangesUntilSigterm) {
  dir_.Write("db/migrations/001_users.sql", "-- strata:up\nCREATE TABLE users (id INTEGER);\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  int port = StartServe({});
  ASSERT_GT(port, 0) << testing::ReadFile(dir_.path() / ".errserve");
  httplib::Client client("127.0.0.1", port);
  httplib::Result healthy = client.Get("/health");
  ASSERT_TRUE(healthy);
  EXPECT_EQ(healthy->status, 200) << healthy->body;
  EXPECT_EQ(json::parse(healthy->body, nullptr, false)["current_version"], "001");
  dir_.Write("db/migrations/002_posts.sql", "-- strata:up\nCREATE TABLE posts (id INTEGER);\n");
  httplib::Result pending = client.Get("/health");
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->status, 503);
  EXPECT_EQ(json::parse(pending->body, nullptr, false)["pending"], 1);
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  httplib::Result again = client.Get("/health");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  Outcome stopped = StopServe();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
}

TEST_F(ServeCliTest, TheTokenComesFromTheEnvironmentToo) {
  dir_.Write("db/migrations/001_users.sql", "-- strata:up\nCREATE TABLE users (id INTEGER);\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  strata_.env["STRATA_SERVE_TOKEN"] = "env-token-99";
  int port = StartServe({});
  ASSERT_GT(port, 0) << testing::ReadFile(dir_.path() / ".errserve");
  EXPECT_TRUE(Contains(testing::ReadFile(dir_.path() / ".outserve"), "token required"));
  httplib::Client client("127.0.0.1", port);
  httplib::Result refused = client.Get("/metrics");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  httplib::Result allowed = client.Get("/metrics", {{"Authorization", "Bearer env-token-99"}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);
  EXPECT_TRUE(Contains(allowed->body, "strata_migrations_applied 1\n")) << allowed->body;
}

TEST_F(ServeCliTest, ATakenPortOrABadAddressIsAClearError) {
  ServeOptions options;
  options.url = "sqlite:other.db";
  options.listen = "127.0.0.1:0";
  options.migrations = [] { return Result<MigrationSet>(MigrationSet{}); };
  auto taken = StatusServer::Start(options);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  Outcome busy = strata_({"serve", "--listen", "127.0.0.1:" + std::to_string((*taken)->port())});
  EXPECT_EQ(busy.exit_code, 1);
  EXPECT_TRUE(Contains(busy.err, "in use")) << busy.err;
  EXPECT_TRUE(Contains(busy.err, "--listen")) << busy.err;
  Outcome bad = strata_({"serve", "--listen", "127.0.0.1:http"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Contains(bad.err, "HOST:PORT")) << bad.err;
  Outcome help = strata_({"serve", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(Contains(help.out, "--token")) << help.out;
  EXPECT_TRUE(Contains(help.out, "STRATA_SERVE_TOKEN"));
}

// The HTTP server is a module of its own (libstrata-serve.so): one that cannot be found is named, with
// where it was looked for, and nothing is served.
TEST_F(ServeCliTest, AMissingServerModuleIsNamed) {
  std::filesystem::create_directories(dir_.path() / "no-modules");
  strata_.env["STRATA_DRIVER_PATH"] = (dir_.path() / "no-modules").string();
  Outcome o = strata_({"serve", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  EXPECT_TRUE(Contains(o.err, "HTTP server module is not installed: no libstrata-serve.so in")) << o.err;
  EXPECT_TRUE(Contains(o.err, "no-modules")) << o.err;
}

}  // namespace
}  // namespace strata
