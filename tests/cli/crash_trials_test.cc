// Crash trials: `strata up` killed with SIGKILL at a random moment, many times, on SQLite, PostgreSQL and
// MariaDB. After every kill:
//   1. a migration recorded applied has its table with all its rows; one with no record (or a clean
//      failure) has no table; only a `running` or dirty record may stand beside a partial table;
//   2. the runner lock is free: the next command does not wait for it;
//   3. after `repair` of what the history says was interrupted, `up` applies everything.
// Seeded and repeatable: STRATA_CRASH_SEED (default 20261203) and STRATA_CRASH_TRIALS (default 30).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/strata_process.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

constexpr int kMigrations = 5;
constexpr int kRows = 100;

int EnvOr(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

class CrashTrialTest : public ::testing::TestWithParam<Backend> {
 protected:
  // Five migrations, each a table of kRows rows and a moment of work, the third outside a transaction.
  void WriteMigrations(const TempDir& dir) const {
    const std::string& name = GetParam().name;
    std::string work = name == "postgres" ? "SELECT pg_sleep(0.04);\n"
                       : name == "mariadb"
                           ? "DO SLEEP(0.04);\n"
                           : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 150000) "
                             "SELECT count(*) FROM c;\n";
    std::string rows;
    for (int r = 1; r <= kRows; ++r) rows += (r > 1 ? ", (" : "(") + std::to_string(r) + ")";
    for (int m = 1; m <= kMigrations; ++m) {
      std::string marker = m == 3 ? "-- strata:up transaction:false\n" : "-- strata:up\n";
      dir.Write("db/migrations/00" + std::to_string(m) + "_t.sql",
                marker + "CREATE TABLE t" + std::to_string(m) + " (i INT);\n" + work + "INSERT INTO t" +
                    std::to_string(m) + " VALUES " + rows + ";\n");
    }
  }

  // When, in one uninterrupted `up` measured here and now, the migrations run: from the time a run with
  // nothing to apply takes (start-up, connection, lock, history read) to the end of a whole run.
  std::pair<int, int> MeasureMigrationSpanMs() const {
    TempDir dir;
    WriteMigrations(dir);
    Strata strata(dir.path());
    strata.env["DATABASE_URL"] = testing::FreshUrl(GetParam(), dir);
    auto timed_up_ms = [&strata] {
      const auto start = std::chrono::steady_clock::now();
      Outcome up = strata({"up"});
      EXPECT_EQ(up.exit_code, 0) << up.err;
      return static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
    };
    const int whole = timed_up_ms();
    const int nothing_to_apply = timed_up_ms();
    return {nothing_to_apply * 9 / 10, std::max(nothing_to_apply + 200, whole * 11 / 10)};
  }
};

TEST_P(CrashTrialTest, KilledAtRandomTheHistoryNeverLies) {
  const int trials = EnvOr("STRATA_CRASH_TRIALS", 30);
  std::mt19937 random(EnvOr("STRATA_CRASH_SEED", 20261203));
  // Kill moments span the migrations of a run as measured here and now: a fixed window missed every
  // migration on a loaded machine under a sanitizer, where start-up alone took longer than the window,
  // and a window from zero spent most kills on start-up.
  const auto [first_ms, last_ms] = MeasureMigrationSpanMs();
  std::uniform_int_distribution<int> moment_ms(first_ms, last_ms);
  int mid_run = 0;  // trials killed with some migrations applied and some not: the ones that test much
  for (int trial = 0; trial < trials; ++trial) {
    TempDir dir;
    WriteMigrations(dir);
    const std::string url = testing::FreshUrl(GetParam(), dir);
    ASSERT_FALSE(url.empty());
    Strata strata(dir.path());
    strata.env["DATABASE_URL"] = url;
    const int moment = moment_ms(random);
    const std::string where = "trial " + std::to_string(trial) + ", killed after " + std::to_string(moment) + " ms";

    pid_t runner = strata.Start({"up"}, "runner");
    usleep(moment * 1000);
    kill(runner, SIGKILL);
    (void)strata.Finish(runner, "runner");

    // 1. What the history says against what the tables hold.
    std::map<std::string, HistoryRecord> records;
    std::map<int, int> rows;  // migration -> rows in its table; absent: no table
    {
      auto c = (*FindDriver(url))->Connect(url, {});
      ASSERT_TRUE(c.ok()) << where << ": " << c.status().ToString();
      auto history = (*c)->history().Read(false);
      ASSERT_TRUE(history.ok()) << where << ": " << history.status().ToString();
      for (const HistoryRecord& r : *history) records[r.version] = r;
      for (int m = 1; m <= kMigrations; ++m) {
        auto count = (*c)->sql()->Query("SELECT COUNT(*) FROM t" + std::to_string(m), {});
        if (count.ok()) rows[m] = std::atoi((*count)[0][0].value_or("0").c_str());
      }
    }
    std::vector<std::string> interrupted;
    int applied = 0;
    for (const auto& [version, r] : records) applied += r.status == MigrationStatus::kApplied;
    mid_run += applied > 0 && applied < kMigrations;
    for (int m = 1; m <= kMigrations; ++m) {
      const std::string version = "00" + std::to_string(m);
      auto it = records.find(version);
      const bool has_table = rows.count(m) > 0;
      if (it == records.end()) {
        EXPECT_FALSE(has_table) << where << ": " << version << " has a table but no record";
        continue;
      }
      const HistoryRecord& r = it->second;
      if (r.status == MigrationStatus::kApplied) {
        EXPECT_TRUE(has_table && rows[m] == kRows) << where << ": " << version << " is recorded applied with "
                                                   << (has_table ? std::to_string(rows[m]) + " rows" : "no table");
      } else if (r.status == MigrationStatus::kRunning || r.dirty) {
        interrupted.push_back(version);
      } else {
        EXPECT_FALSE(has_table) << where << ": " << version << " is recorded " << MigrationStatusName(r.status)
                                << " yet has a table";
      }
    }

    // 2. The lock is free at once, and 3. the next run recovers after repair of what was interrupted.
    if (!interrupted.empty()) {
      auto c = (*FindDriver(url))->Connect(url, {});
      ASSERT_TRUE(c.ok());
      for (const std::string& version : interrupted) {
        (void)(*c)->sql()->Query("DROP TABLE IF EXISTS t" + version.substr(2), {});  // undone by hand, as a person would
      }
      c->reset();
      Outcome repaired = strata({"--lock-timeout", "5", "repair"});
      ASSERT_EQ(repaired.exit_code, 0) << where << ": " << repaired.err;
    }
    Outcome up = strata({"--lock-timeout", "5", "up"});
    ASSERT_EQ(up.exit_code, 0) << where << ": " << up.out << up.err;
    json status = json::parse(strata({"--json", "status"}).out, nullptr, false);
    EXPECT_EQ(status["summary"]["applied"], kMigrations) << where << ": " << status.dump();
    EXPECT_TRUE(status["problems"].empty()) << where << ": " << status.dump();
  }
  if (trials >= 10) {
    EXPECT_GT(mid_run, 0) << "no kill landed between two migrations: widen the moments";
  }
  std::cout << "[ crash trials ] " << GetParam().name << ": " << trials << " kills, " << mid_run
            << " between the first and the last migration\n";
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTrialTest,
                         ::testing::ValuesIn(testing::BackendsNamed({"sqlite", "postgres", "mariadb"})),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace strata
