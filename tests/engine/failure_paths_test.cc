// The executor's failure paths: a run against a connection that fails one call (tests/support/
// faulty_connection.h), for every call a clean run makes, in turn. Whatever failed, afterwards:
//   1. the database and the history agree: a migration whose table exists is recorded applied, or (run
//      outside a transaction) failed-dirty or running; a migration recorded applied has its table;
//   2. the run says it failed, and what it reports applied is what the history holds;
//   3. the next run, after `repair` where the history asks for a person, applies everything.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "drivers/sqlite/sqlite_driver.h"
#include "engine/executor.h"
#include "engine/plan.h"
#include "strata/engine.h"
#include "strata/source.h"
#include "support/faulty_connection.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::FaultyConnection;
using testing::TempDir;

// Two atomic migrations around one that runs outside a transaction: the three ways a step records.
MigrationSet Migrations() {
  auto set = LoadMigrations(std::vector<MigrationFile>{
      {"1_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\nINSERT INTO a VALUES (1);\n"},
      {"2_b.sql", "-- strata:up transaction:false\nCREATE TABLE b (i INT);\nINSERT INTO b VALUES (1);\n"},
      {"3_c.sql", "-- strata:up\nCREATE TABLE c (i INT);\n"},
  });
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  return *set;
}

struct Fault {
  std::string method;
  int n;
};

void PrintTo(const Fault& f, std::ostream* os) { *os << f.method << "#" << f.n; }

std::unique_ptr<Connection> Open(const std::string& url) {
  auto c = SqliteDriver().Connect(url, {});
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return std::move(*c);
}

// One `up` of Migrations(), as the engine runs it, on `c`.
RunReport Up(Connection& c, const MigrationSet& set) {
  EngineOptions options;
  options.actor = "tester";
  options.ddl_lock_retries = 0;
  if (!c.EnsureHistory().ok()) return RunReport{};
  auto history = c.ReadHistory(false);
  if (!history.ok()) return RunReport{{}, {}, {}, history.status()};
  Catalog catalog = Join(set, *history);
  auto plan = PlanUp(catalog, {});
  if (!plan.ok()) return RunReport{{}, {}, {}, plan.status()};
  std::vector<Script> scripts;
  for (const Step& step : plan->steps) scripts.push_back({step.section().text, step.section().path, step.section().first_line});
  std::vector<bool> lent(scripts.size(), false);
  Executor executor(c, options, catalog.max_apply_order + 1);
  return executor.Run(*plan, scripts, lent, /*dry_run=*/false);
}

// The calls a clean run makes: each is a fault to inject.
std::vector<Fault> EveryCall() {
  TempDir dir;
  FaultyConnection counting(Open("sqlite:" + (dir.path() / "clean.db").string()));
  RunReport clean = Up(counting, Migrations());
  EXPECT_TRUE(clean.status.ok()) << clean.status.ToString();
  std::vector<Fault> faults;
  for (const auto& [method, count] : counting.calls()) {
    if (method == "EnsureHistory" || method == "ReadHistory") continue;  // before the run: nothing to undo
    for (int n = 1; n <= count; ++n) faults.push_back({method, n});
  }
  return faults;
}

class FailurePathTest : public ::testing::TestWithParam<Fault> {};

TEST_P(FailurePathTest, HistoryAndDatabaseAgreeAndTheNextRunRecovers) {
  TempDir dir;
  const std::string url = "sqlite:" + (dir.path() / "app.db").string();
  MigrationSet set = Migrations();
  RunReport report;
  {
    FaultyConnection faulty(Open(url));
    faulty.FailAt(GetParam().method, GetParam().n);
    report = Up(faulty, set);
    ASSERT_TRUE(faulty.injected());
  }
  EXPECT_FALSE(report.status.ok()) << "a failed call must fail the run";

  auto c = Open(url);
  auto exists = [&](const std::string& table) {
    return c->Execute({"SELECT 1 FROM " + table + " WHERE 1 = 0", "", 1}).ok();
  };
  auto history = c->ReadHistory(false);
  ASSERT_TRUE(history.ok());
  std::map<std::string, HistoryRecord> records;
  for (const HistoryRecord& r : *history) records[r.version] = r;
  bool blocked = false;
  for (const auto& [version, table] : std::vector<std::pair<std::string, std::string>>{{"1", "a"}, {"2", "b"}, {"3", "c"}}) {
    auto it = records.find(version);
    const bool applied = it != records.end() && it->second.status == MigrationStatus::kApplied;
    const bool unsettled = it != records.end() && (it->second.status == MigrationStatus::kRunning || it->second.dirty);
    blocked = blocked || unsettled;
    if (applied) EXPECT_TRUE(exists(table)) << version << " is recorded applied but its table is missing";
    if (exists(table) && !applied) {
      EXPECT_TRUE(version == "2" && unsettled)
          << version << "'s table exists but the history says " << (it == records.end() ? "nothing" : MigrationStatusName(it->second.status))
          << (unsettled ? " (dirty)" : "");
    }
  }
  for (const StepResult& step : report.steps) {
    if (step.outcome != StepOutcome::kApplied) continue;
    auto it = records.find(step.version);
    // A step reported applied whose batch's final commit then failed is marked unconfirmed.
    if (it == records.end() || it->second.status != MigrationStatus::kApplied) {
      EXPECT_NE(step.note.find("not confirmed"), std::string::npos) << step.version << " reported applied: " << step.note;
    }
  }

  // The next run recovers: a person repairs what the history says needs one, then up applies the rest.
  if (blocked) {
    auto engine = Engine::Open(url, {});
    ASSERT_TRUE(engine.ok());
    RepairOptions repair;
    repair.mark_applied = exists("b");
    ASSERT_TRUE((*engine)->Repair(set, repair).ok());
  }
  auto engine = Engine::Open(url, {});
  ASSERT_TRUE(engine.ok());
  auto again = (*engine)->Up(set, {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->status.ok()) << again->status.ToString();
  auto status = (*engine)->GetStatus(set);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->applied, 3);
  EXPECT_TRUE(status->problems.empty());
  for (const char* table : {"a", "b", "c"}) EXPECT_TRUE(exists(table)) << table;
}

INSTANTIATE_TEST_SUITE_P(EveryCall, FailurePathTest, ::testing::ValuesIn(EveryCall()),
                         [](const auto& info) { return info.param.method + std::to_string(info.param.n); });

TEST(FailurePaths, CoverTheCallsThatWrite) {
  std::set<std::string> methods;
  for (const Fault& f : EveryCall()) methods.insert(f.method);
  for (const char* m : {"Begin", "Commit", "Execute", "SaveRecord", "AppendEvent", "BeginBatch", "EndBatch"}) {
    EXPECT_TRUE(methods.count(m)) << m << " is never called, so never failed";
  }
}

}  // namespace
}  // namespace strata
