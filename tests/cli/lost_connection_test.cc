// The connection to a server lost at the worst moment: during a migration's COMMIT. strata cannot know
// whether the commit took effect, so it must say so (exit non-zero, naming the migration), record nothing
// on a guess, and let the next run find the answer in the history: applied if the COMMIT reached the
// server; if it did not, pending where the migration was atomic, and interrupted (for a person to check
// and `repair`) on MariaDB, where a migration's progress is committed before its statements. A proxy (tests/support/cutting_proxy.h) cuts the connection
// just before or just after the COMMIT, on PostgreSQL and MariaDB. And a PostgreSQL server that
// crashes in the middle of a run, then comes back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/cutting_proxy.h"
#include "support/strata_process.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::CuttingProxy;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

struct LostAt {
  Backend backend;
  CuttingProxy::Cut cut;
};

std::string NameOf(const LostAt& at) {
  return at.backend.name + (at.cut == CuttingProxy::Cut::kBeforeCommit ? "_BeforeTheCommitArrives" : "_AfterItWasDone");
}

void PrintTo(const LostAt& at, std::ostream* os) { *os << NameOf(at); }

class LostConnectionTest : public ::testing::TestWithParam<LostAt> {};

TEST_P(LostConnectionTest, TheOutcomeIsReadFromTheHistoryNeverGuessed) {
  const Backend& backend = GetParam().backend;
  const bool committed = GetParam().cut == CuttingProxy::Cut::kAfterCommit;
  TempDir dir;
  const std::string url = testing::FreshUrl(backend, dir);
  ASSERT_FALSE(url.empty());
  // The second migration's INSERT carries the marker; the COMMIT after it is the one cut.
  dir.Write("db/migrations/1_table.sql", "-- strata:up\nCREATE TABLE t (note VARCHAR(20));\n");
  dir.Write("db/migrations/2_row.sql", "-- strata:up\nINSERT INTO t VALUES ('cut-after-me');\n");
  dir.Write("db/migrations/3_index.sql", "-- strata:up\nCREATE INDEX t_note ON t (note);\n");

  std::smatch port;
  ASSERT_TRUE(std::regex_search(url, port, std::regex(R"(@127\.0\.0\.1:(\d+)/)"))) << url;
  // PostgreSQL frames the COMMIT in a Parse message (an unnamed statement), MariaDB in a COM_QUERY.
  const std::string commit = backend.name == "postgres" ? std::string("\0COMMIT\0", 8) : std::string("\x03" "COMMIT");
  CuttingProxy proxy(std::stoi(port[1].str()), "cut-after-me", commit, GetParam().cut);
  const std::string proxied = std::regex_replace(url, std::regex(R"(@127\.0\.0\.1:\d+/)"),
                                                 "@127.0.0.1:" + std::to_string(proxy.port()) + "/");

  Strata strata(dir.path());
  Outcome cut = strata({"--url", proxied, "up"});
  ASSERT_TRUE(proxy.cut()) << "the proxy never saw the COMMIT: " << cut.out << cut.err;
  EXPECT_NE(cut.exit_code, 0);
  EXPECT_NE(cut.err.find("lost the connection to the database while committing 2 row"), std::string::npos) << cut.err;
  EXPECT_NE(cut.err.find("unknown"), std::string::npos) << cut.err;

  // The next run reads what happened: the row is there exactly when the history says 2 was applied,
  // and `up` goes on from there without a repair.
  strata.env["DATABASE_URL"] = url;
  json before = json::parse(strata({"--json", "status"}).out, nullptr, false);
  ASSERT_TRUE(before.is_object());
  EXPECT_EQ(before["summary"]["applied"], committed ? 2 : 1) << before.dump();
  const bool interrupted = !committed && !backend.transactional_ddl;
  EXPECT_EQ(before["summary"]["running"], interrupted ? 1 : 0) << before.dump();
  EXPECT_EQ(before["problems"].size(), interrupted ? 1u : 0u) << before.dump();
  {
    auto c = (*FindDriver(url))->Connect(url, {});
    ASSERT_TRUE(c.ok());
    auto rows = (*c)->sql()->Query("SELECT COUNT(*) FROM t", {});
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ((*rows)[0][0].value_or(""), committed ? "1" : "0");
  }
  if (interrupted) {
    Outcome repaired = strata({"repair"});  // the person finds the row missing: run it again
    ASSERT_EQ(repaired.exit_code, 0) << repaired.err;
  }
  Outcome up = strata({"--lock-timeout", "5", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  json after = json::parse(strata({"--json", "status"}).out, nullptr, false);
  EXPECT_EQ(after["summary"]["applied"], 3) << after.dump();
  auto c = (*FindDriver(url))->Connect(url, {});
  ASSERT_TRUE(c.ok());
  auto rows = (*c)->sql()->Query("SELECT COUNT(*) FROM t", {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0][0].value_or(""), "1") << "applied once, whichever way the commit went";
}

std::vector<LostAt> Moments() {
  std::vector<LostAt> out;
  for (const Backend& b : testing::ServerBackends()) {
    for (auto cut : {CuttingProxy::Cut::kBeforeCommit, CuttingProxy::Cut::kAfterCommit}) out.push_back({b, cut});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Servers, LostConnectionTest, ::testing::ValuesIn(Moments()),
                         [](const auto& info) { return NameOf(info.param); });

// The restartable PostgreSQL of scripts/test-servers.sh: `action` is crash-restartable or start-restartable.
void Restartable(const std::string& action) {
  const std::string script = std::string(STRATA_TEST_DATA) + "/../../scripts/test-servers.sh";
  ASSERT_EQ(std::system((script + " " + action).c_str()), 0) << action;
}

// While a migration runs, the server stops as a crash stops it and comes back: strata says the
// connection was lost, where, and exits at once; the migration was rolled back by the server's
// recovery, the history says so, the lock died with the session, and the next `up` finishes the work.
// (The first migration's commit may be lost too: a run defers the flush of its commits to its end,
// and the history goes with the tables either way.)
class ServerCrashTest : public ::testing::TestWithParam<Backend> {};

TEST_P(ServerCrashTest, PostgresKilledMidRunThenRestarted) {
  TempDir dir;
  const std::string url = testing::FreshUrl(GetParam(), dir);
  ASSERT_FALSE(url.empty());
  dir.Write("db/migrations/1_accounts.sql", "-- strata:up\nCREATE TABLE accounts (id INT);\nINSERT INTO accounts VALUES (1);\n");
  dir.Write("db/migrations/2_slow.sql",
            "-- strata:up\nCREATE TABLE audit (id INT);\nINSERT INTO audit VALUES (1);\nSELECT pg_sleep(30);\n");
  dir.Write("db/migrations/3_more.sql", "-- strata:up\nCREATE TABLE more (id INT);\n");
  Strata strata(dir.path());
  strata.env["DATABASE_URL"] = url;

  const pid_t runner = strata.Start({"up"}, "runner");
  {
    auto watcher = (*FindDriver(url))->Connect(url, {});
    ASSERT_TRUE(watcher.ok()) << watcher.status().ToString();
    bool sleeping = false;
    for (int i = 0; i < 200 && !sleeping; ++i, usleep(50'000)) {
      auto rows = (*watcher)->sql()->Query("SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%'", {});
      sleeping = rows.ok() && (*rows)[0][0].value_or("0") != "0";
    }
    ASSERT_TRUE(sleeping) << "migration 2 never started";
  }
  const auto crashed = std::chrono::steady_clock::now();
  Restartable("crash-restartable");
  Outcome lost = strata.Finish(runner, "runner");
  const auto waited = std::chrono::steady_clock::now() - crashed;
  Restartable("start-restartable");

  EXPECT_NE(lost.exit_code, 0);
  EXPECT_LT(waited, std::chrono::seconds(10)) << "strata must not wait out the dead server";
  EXPECT_NE(lost.err.find("2_slow.sql:4"), std::string::npos) << "where: " << lost.err;
  EXPECT_NE(lost.err.find("lost the connection to the database"), std::string::npos) << lost.err;

  json status = json::parse(strata({"--json", "status"}).out, nullptr, false);
  ASSERT_TRUE(status.is_object());
  const bool first_kept = status["migrations"][0]["status"] == "applied";
  EXPECT_EQ(status["migrations"][1]["status"], "pending") << status.dump();
  EXPECT_TRUE(status["problems"].empty()) << status.dump();
  {
    auto c = (*FindDriver(url))->Connect(url, {});
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c.value()->sql()->Query("SELECT 1 FROM accounts", {}).ok(), first_kept) << "history and tables disagree";
    EXPECT_FALSE(c.value()->sql()->Query("SELECT 1 FROM audit", {}).ok()) << "2 was rolled back";
  }
  EXPECT_TRUE(status["in_progress_by"].is_null()) << "the lock died with the session: " << status.dump();

  dir.Write("db/migrations/2_slow.sql", "-- strata:up\nCREATE TABLE audit (id INT);\nINSERT INTO audit VALUES (1);\n");
  Outcome up = strata({"--lock-timeout", "5", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  auto c = (*FindDriver(url))->Connect(url, {});
  ASSERT_TRUE(c.ok());
  auto rows = c.value()->sql()->Query("SELECT (SELECT COUNT(*) FROM accounts) || '/' || (SELECT COUNT(*) FROM audit)", {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0][0].value_or(""), "1/1") << "each migration's rows once";
}

INSTANTIATE_TEST_SUITE_P(Restartable, ServerCrashTest, ::testing::ValuesIn(testing::RestartableBackends()),
                         [](const auto& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ServerCrashTest);

}  // namespace
}  // namespace strata
