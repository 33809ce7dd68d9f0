// The executor's failure paths: a run against a connection that fails one call (tests/support/
// faulty_connection.h), for every call a clean run makes, in turn, on every SQL backend. Whatever
// failed, afterwards:
//   1. the database and the history agree: a migration whose table exists is recorded applied, or (run
//      outside a transaction, or on a database whose DDL commits at once) failed-dirty or running; a
//      migration recorded applied has its table;
//   2. the run says it failed, and what it reports applied is what the history holds;
//   3. the next run, after `repair` where the history asks for a person, applies everything.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "engine/executor.h"
#include "engine/plan.h"
#include "strata/driver.h"
#include "strata/engine.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/faulty_connection.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Backend;
using testing::FaultyConnection;
using testing::FreshUrl;
using testing::TempDir;

// Two atomic migrations around one that runs outside a transaction: the three ways a step records.
MigrationSet ThreeSteps() {
  auto set = LoadMigrations(std::vector<MigrationFile>{
      {"1_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\nINSERT INTO a VALUES (1);\n"},
      {"2_b.sql", "-- strata:up transaction:false\nCREATE TABLE b (i INT);\nINSERT INTO b VALUES (1);\n"},
      {"3_c.sql", "-- strata:up\nCREATE TABLE c (i INT);\n"},
  });
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  return *set;
}

// Each migration's table, by version.
const std::map<std::string, std::string> kTables = {{"1", "a"}, {"2", "b"}, {"3", "c"}};

struct Fault {
  std::string method;
  int n;
};

std::unique_ptr<Connection> Open(const std::string& url) {
  auto driver = FindDriver(url);
  EXPECT_TRUE(driver.ok()) << driver.status().ToString();
  if (!driver.ok()) return nullptr;
  auto c = (*driver)->Connect(url, {});
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(*c) : nullptr;
}

// One `up` of ThreeSteps(), as the engine runs it, on `c`.
RunReport Up(Connection& c, const MigrationSet& set) {
  EngineOptions options;
  options.actor = "tester";
  options.ddl_lock_retries = 0;
  if (!c.history().Ensure().ok()) return RunReport{};
  auto history = c.history().Read(false);
  RunReport failed;
  if (!history.ok()) {
    failed.status = history.status();
    return failed;
  }
  Catalog catalog = Join(set, *history);
  auto plan = PlanUp(catalog, {});
  if (!plan.ok()) {
    failed.status = plan.status();
    return failed;
  }
  std::vector<Script> scripts;
  for (const Step& step : plan->steps) scripts.push_back({step.section().text, step.section().path, step.section().first_line});
  std::vector<bool> lent(scripts.size(), false);
  Executor executor(c, options, catalog.max_apply_order + 1);
  return executor.Run(*plan, scripts, lent, RunMode::kApply);
}

// The calls a clean run makes on `backend`: each is a fault to inject.
std::vector<Fault> EveryCall(const Backend& backend) {
  TempDir dir;
  auto real = Open(FreshUrl(backend, dir));
  if (!real) return {};
  FaultyConnection counting(std::move(real));
  RunReport clean = Up(counting, ThreeSteps());
  EXPECT_TRUE(clean.status.ok()) << clean.status.ToString();
  std::vector<Fault> faults;
  for (const auto& [method, count] : counting.calls()) {
    if (method == "history.Ensure" || method == "history.Read") continue;  // before the run: nothing to undo
    for (int n = 1; n <= count; ++n) faults.push_back({method, n});
  }
  return faults;
}

// Runs ThreeSteps() on a fresh database of `backend` with `fault` injected, then checks the three promises.
void FailOnceAndRecover(const Backend& backend, const Fault& fault) {
  TempDir dir;
  const std::string url = FreshUrl(backend, dir);
  MigrationSet set = ThreeSteps();
  RunReport report;
  {
    auto real = Open(url);
    ASSERT_TRUE(real);
    FaultyConnection faulty(std::move(real));
    faulty.FailAt(fault.method, fault.n);
    report = Up(faulty, set);
    ASSERT_TRUE(faulty.injected());
  }
  EXPECT_FALSE(report.status.ok()) << "a failed call must fail the run";

  auto c = Open(url);
  ASSERT_TRUE(c);
  auto exists = [&](const std::string& table) {
    return c->Execute({"SELECT 1 FROM " + table + " WHERE 1 = 0", "", 1}).ok();
  };
  auto history = c->history().Read(false);
  ASSERT_TRUE(history.ok());
  std::map<std::string, HistoryRecord> records;
  for (const HistoryRecord& r : *history) records[r.version] = r;
  bool blocked = false;
  for (const auto& [version, table] : kTables) {
    auto it = records.find(version);
    const bool applied = it != records.end() && it->second.status == MigrationStatus::kApplied;
    const bool unsettled = it != records.end() && (it->second.status == MigrationStatus::kRunning || it->second.dirty);
    blocked = blocked || unsettled;
    if (applied) {
      EXPECT_TRUE(exists(table)) << version << " is recorded applied but its table is missing";
    }
    if (exists(table) && !applied) {
      // Only a migration that ran outside a transaction may leave its table behind, and then the
      // history must say so.
      const bool outside = version == "2" || !backend.transactional_ddl;
      EXPECT_TRUE(outside && unsettled)
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
    // What a person would do: a dirty migration whose table is there was applied; one whose table is
    // not is run again.
    RepairOptions repair;
    for (const auto& [version, record] : records) {
      if (record.status == MigrationStatus::kRunning || record.dirty) repair.mark_applied = exists(kTables.at(version));
    }
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

class FailurePathTest : public ::testing::TestWithParam<Backend> {};

TEST_P(FailurePathTest, HistoryAndDatabaseAgreeAndTheNextRunRecoversWhicheverCallFails) {
  const std::vector<Fault> faults = EveryCall(GetParam());
  RecordProperty("injected_failures", static_cast<int>(faults.size()));
  std::set<std::string> methods;
  for (const Fault& f : faults) methods.insert(f.method);
  std::vector<std::string> writers = {"Begin", "Commit", "Execute", "history.Save", "history.Append"};
  // Consecutive atomic migrations share a transaction only where DDL can be rolled back.
  if (GetParam().transactional_ddl) writers.insert(writers.end(), {"BeginBatch", "EndBatch"});
  for (const std::string& m : writers) EXPECT_TRUE(methods.count(m)) << m << " is never called, so never failed";
  for (const Fault& fault : faults) {
    SCOPED_TRACE(fault.method + " #" + std::to_string(fault.n) + " fails");
    FailOnceAndRecover(GetParam(), fault);
  }
}

// The runner lock: when it cannot be taken nothing runs; when it cannot be given back the run stands,
// and the lock goes with the session, so the next run takes it at once.
TEST_P(FailurePathTest, TheLock) {
  TempDir dir;
  const std::string url = FreshUrl(GetParam(), dir);
  EngineOptions options;
  options.lock_timeout = std::chrono::milliseconds(0);
  for (const char* method : {"AcquireLock", "ReleaseLock"}) {
    SCOPED_TRACE(method);
    auto faulty = std::make_unique<FaultyConnection>(Open(url));
    faulty->FailAt(method, 1);
    FaultyConnection* seen = faulty.get();
    auto engine = Engine::Open(std::move(faulty), options);
    auto report = engine->Up(ThreeSteps(), {});
    ASSERT_TRUE(seen->injected());
    engine.reset();

    auto status = Engine::Open(url, options).value()->GetStatus(ThreeSteps());
    ASSERT_TRUE(status.ok()) << status.status().ToString();
    if (std::string(method) == "AcquireLock") {
      EXPECT_FALSE(report.ok()) << "a run without the lock must not start";
      EXPECT_EQ(status->applied, 0);
    } else {
      ASSERT_TRUE(report.ok()) << report.status().ToString();
      EXPECT_TRUE(report->status.ok()) << report->status.ToString();
      EXPECT_EQ(status->applied, 3);
    }
    auto again = Engine::Open(url, options).value()->Up(ThreeSteps(), {});
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_TRUE(again->status.ok()) << again->status.ToString();
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, FailurePathTest, ::testing::ValuesIn(testing::Backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace strata
