// `--lock=table` end to end on PostgreSQL and MariaDB: runners at once apply each migration once, the
// lease outlives its ttl while a long statement runs, a SIGKILLed holder's lease is taken over, and
// `lock status` / `lock break` work on the lease (a broken holder stops instead of committing).
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/strata_process.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::Contains;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

class LeaseLockCliTest : public ::testing::TestWithParam<Backend> {
 protected:
  LeaseLockCliTest() : strata_(dir_.path()) {}
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    strata_.env["DATABASE_URL"] = url_;
    strata_.env["STRATA_LOCK"] = "table";
    strata_.env["STRATA_LEASE_TTL"] = "1s";
  }
  bool postgres() const { return GetParam().name == "postgres"; }
  std::string Sleep(const std::string& seconds) const {
    return postgres() ? "SELECT pg_sleep(" + seconds + ");\n" : "SELECT SLEEP(" + seconds + ");\n";
  }
  void Migration(const std::string& file, const std::string& content) { dir_.Write("db/migrations/" + file, content); }
  json Json(const std::vector<std::string>& args) {
    std::vector<std::string> with = args;
    with.insert(with.begin(), "--json");
    return json::parse(strata_(with).out, nullptr, false);
  }
  // The lease's holder as `lock status` names it, once a background run took it; "" if none did in 10 s.
  std::string WaitForHolder() {
    for (int i = 0; i < 100; ++i) {
      json status = Json({"lock", "status"});
      if (status["locked"] == true) return status["holder"].get<std::string>();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return "";
  }
  int64_t Count(const std::string& sql) {
    auto c = (*FindDriver(url_))->Connect(url_, {});
    EXPECT_TRUE(c.ok());
    auto rows = (*c)->sql()->Query(sql, {});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() && !rows->empty() ? std::stoll((*rows)[0][0].value_or("-1")) : -1;
  }

  TempDir dir_;
  Strata strata_;
  std::string url_;
};

TEST_P(LeaseLockCliTest, RunnersAtOnceApplyEachMigrationOnce) {
  Migration("001_log.sql", "-- strata:up\nCREATE TABLE applied (version varchar(10));\n");
  for (int i = 2; i <= 4; ++i) {
    Migration("00" + std::to_string(i) + "_step.sql",
              "-- strata:up\nINSERT INTO applied VALUES ('" + std::to_string(i) + "');\n");
  }
  for (const Outcome& o : strata_.AtOnce(6, {"up"})) EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM applied"), 3);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT version) FROM applied"), 3);
  EXPECT_EQ(Json({"status"})["summary"]["applied"], 4);
  EXPECT_EQ(Json({"lock", "status"})["locked"], false) << "every runner freed the lease";
}

// A statement four times the lease's life: the heartbeat keeps the lease, a second runner waits and
// names the holder, and the first run commits.
TEST_P(LeaseLockCliTest, ALongStatementKeepsTheLease) {
  Migration("001_slow.sql", "-- strata:up\nCREATE TABLE slow (id integer);\n" + Sleep("4"));
  pid_t holder = strata_.Start({"--by", "deployer", "up"}, "holder");
  std::string who = WaitForHolder();
  EXPECT_TRUE(Contains(who, "strata up") && Contains(who, "deployer") && Contains(who, "table lease")) << who;
  Outcome waiter = strata_({"--lock-timeout", "1.5", "up"});
  EXPECT_EQ(waiter.exit_code, 1) << waiter.out << waiter.err;
  EXPECT_TRUE(Contains(waiter.err, "deployer")) << waiter.err;
  Outcome held = strata_.Finish(holder, "holder");
  EXPECT_EQ(held.exit_code, 0) << held.err;
  EXPECT_EQ(Json({"status"})["summary"]["applied"], 1);
}

TEST_P(LeaseLockCliTest, TheLeaseOfAKilledRunnerIsTakenOver) {
  // Long enough to see the dead runner's lease still there after the kill and a `lock status`, even
  // from a sanitizer build on a loaded machine (renewed every ttl/3, it has at least 2/3 of it left).
  strata_.env["STRATA_LEASE_TTL"] = "8s";
  Migration("001_slow.sql", "-- strata:up\nCREATE TABLE slow (id integer);\n" + Sleep("${pause}"));
  pid_t runner = strata_.Start({"up", "--set", "pause=30"}, "runner");
  ASSERT_NE(WaitForHolder(), "");
  if (!postgres()) {
    // Killed only once it has recorded the pause running (MariaDB's DDL commits at once): killed before,
    // it would leave nothing to report, and the next run would apply the migration anew.
    bool running = false;
    for (int i = 0; i < 100 && !running; ++i) {
      running = Json({"status"})["summary"]["running"] == 1;
      if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(running);
  }
  kill(runner, SIGKILL);
  EXPECT_EQ(strata_.Finish(runner, "runner").exit_code, 128 + SIGKILL);
  EXPECT_EQ(Json({"lock", "status"})["locked"], true) << "the lease outlives its holder for up to its ttl";

  const auto start = std::chrono::steady_clock::now();
  Outcome next = strata_({"--lock-timeout", "30", "up", "--set", "pause=0"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  // It waited for the dead runner's lease, then took it over well before its lock timeout.
  EXPECT_TRUE(Contains(next.err, "waiting for the lock")) << next.err;
  EXPECT_FALSE(Contains(next.err, "waited 30000 ms")) << next.err;
  if (postgres()) {
    EXPECT_EQ(next.exit_code, 0) << next.err;
    EXPECT_EQ(Json({"status"})["summary"]["applied"], 1);
  } else {
    // MariaDB's DDL is not transactional: the lease was taken over, and the interruption is reported.
    EXPECT_EQ(next.exit_code, 1);
    EXPECT_TRUE(Contains(next.err, "interrupted")) << next.err;
  }
}

// `lock break` frees the lease; the holder finds it gone at its next heartbeat and stops before it commits
// or records anything more.
TEST_P(LeaseLockCliTest, LockBreakFreesTheLeaseAndStopsItsHolder) {
  Migration("001_slow.sql", "-- strata:up\nCREATE TABLE slow (id integer);\n" + Sleep("2"));
  EXPECT_EQ(Json({"lock", "status"})["locked"], false);
  pid_t holder = strata_.Start({"up"}, "holder");
  ASSERT_NE(WaitForHolder(), "");
  Outcome broken = strata_({"lock", "break", "--yes"});
  EXPECT_EQ(broken.exit_code, 0) << broken.err;
  EXPECT_EQ(Json({"lock", "status"})["locked"], false);
  Outcome stopped = strata_.Finish(holder, "holder");
  EXPECT_EQ(stopped.exit_code, 1);
  EXPECT_TRUE(Contains(stopped.out + stopped.err, "lost the lock")) << stopped.out << stopped.err;
  EXPECT_NE(Json({"status"})["summary"]["applied"], 1) << "nothing was recorded as applied";
}

INSTANTIATE_TEST_SUITE_P(Servers, LeaseLockCliTest, ::testing::ValuesIn(testing::ServerBackends()),
                         [](const auto& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(LeaseLockCliTest);

TEST(LockOptionTest, BadValuesAndMeaninglessMethodsAreRefusedClearly) {
  TempDir dir;
  Strata strata(dir.path());
  strata.env["DATABASE_URL"] = "sqlite:app.db";
  dir.Write("db/migrations/001_t.sql", "-- strata:up\nCREATE TABLE t (id integer);\n");
  Outcome bad = strata({"--lock", "maybe", "up"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Contains(bad.err, "--lock 'maybe' is not a lock method; use auto, advisory or table")) << bad.err;
  Outcome ttl = strata({"--lease-ttl", "5ms", "up"});
  EXPECT_EQ(ttl.exit_code, 2);
  EXPECT_TRUE(Contains(ttl.err, "--lease-ttl '5ms'")) << ttl.err;
  Outcome table = strata({"--lock", "table", "up"});
  EXPECT_EQ(table.exit_code, 2);
  EXPECT_TRUE(Contains(table.err, "locked by its file")) << table.err;
  EXPECT_EQ(strata({"--lock", "auto", "up"}).exit_code, 0);
}

}  // namespace
}  // namespace strata
