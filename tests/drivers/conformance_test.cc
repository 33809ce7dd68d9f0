// The behaviour every backend must show, run against each one from this one suite.
//
// ConformanceTest runs on all five databases (tests/support/backends.h: SQLite, DuckDB when built in,
// PostgreSQL and MariaDB, and the MongoDB fake), each migration written in the backend's own words
// through its phrasebook (tests/support/phrasebook.h). SqlConformanceTest adds what only SQL databases
// do: statements, their errors, dry runs, transaction:false sections, queries.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "strata/engine.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/phrasebook.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Backend;
using testing::Phrasebook;
using testing::TempDir;

class ConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  ConformanceTest() : says_(GetParam()) {}
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
  }
  bool transactional() const { return GetParam().transactional_ddl; }

  void Write(const std::string& file, const std::string& content) { dir_.Write("m/" + file, content); }
  // `name` with the backend's extension: "1_a" -> "1_a.sql" or "1_a.json".
  std::string File(const std::string& name) const { return name + says_.extension(); }
  MigrationSet Load() {
    auto set = LoadMigrations((dir_.path() / "m").string());
    EXPECT_TRUE(set.ok()) << set.status().ToString();
    return set.ok() ? *set : MigrationSet{};
  }
  std::unique_ptr<Engine> Open(EngineOptions options = {}) {
    if (options.actor.empty()) options.actor = "tester";
    auto engine = Engine::Open(url_, std::move(options));
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(*engine) : nullptr;
  }
  // Whether a query runs: the dialect-neutral way to ask if a table exists.
  bool Runs(Engine& engine, const std::string& sql) { return engine.connection().Execute({sql, "", 1}).ok(); }
  std::map<std::string, HistoryRecord> Records(Engine& engine) {
    std::map<std::string, HistoryRecord> out;
    auto history = engine.connection().history().Read(true);
    EXPECT_TRUE(history.ok());
    for (auto& r : *history) out[r.version] = r;
    return out;
  }

  Phrasebook says_;
  TempDir dir_;
  std::string url_;
};

class SqlConformanceTest : public ConformanceTest {};

TEST_P(ConformanceTest, UpAppliesInOrderAndRecordsEverything) {
  Write(File("1_a"), says_.Creates("a", /*reversible=*/true));
  Write(File("2_b"), says_.Creates("b"));
  auto engine = Open();
  MigrationSet set = Load();
  auto report = engine->Up(set, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->status.ok());
  EXPECT_EQ(report->Count(StepOutcome::kApplied), 2);
  EXPECT_TRUE(says_.Exists(*engine, "a"));
  EXPECT_TRUE(says_.Exists(*engine, "b"));

  auto records = Records(*engine);
  ASSERT_EQ(records.size(), 2u);
  const HistoryRecord& a = records["1"];
  EXPECT_EQ(a.status, MigrationStatus::kApplied);
  EXPECT_EQ(a.name, "a");
  EXPECT_EQ(a.checksum, set.migrations[0].checksum);
  EXPECT_EQ(a.applied_by, "tester");
  EXPECT_FALSE(a.applied_at.empty());
  EXPECT_EQ(a.up_text, set.migrations[0].up.text);
  EXPECT_EQ(a.down_text, std::optional<std::string>(set.migrations[0].down->text));
  EXPECT_FALSE(records["2"].down_text.has_value());
  EXPECT_LT(a.apply_order, records["2"].apply_order);

  auto events = engine->History(0);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].action, EventAction::kApply);
  EXPECT_EQ((*events)[0].version, "1");

  auto again = engine->Up(set, {});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->steps.empty());
}

TEST_P(SqlConformanceTest, FailureInTheMiddleLeavesNothingOfThatMigration) {
  Write("1_ok.sql", "-- strata:up\nCREATE TABLE ok (id INTEGER);\n");
  Write("2_bad.sql",
        "-- strata:up\nCREATE TABLE half (id INTEGER);\nINSERT INTO half VALUES (1);\n\nINSERT INTO missing_table VALUES (1);\n");
  Write("3_later.sql", "-- strata:up\nCREATE TABLE later (id INTEGER);\n");
  auto engine = Open();
  auto report = engine->Up(Load(), {});
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->status.ok());
  EXPECT_EQ(report->status.code(), StatusCode::kMigrationFailed);
  ASSERT_TRUE(report->status.location());
  EXPECT_NE(report->status.location()->file.find("2_bad.sql"), std::string::npos);
  EXPECT_EQ(report->status.location()->line, 5);
  EXPECT_NE(report->status.database_message().find("missing_table"), std::string::npos);
  EXPECT_EQ(report->Count(StepOutcome::kApplied), 1);
  EXPECT_EQ(report->Count(StepOutcome::kFailed), 1);
  EXPECT_EQ(report->Count(StepOutcome::kSkipped), 1);

  EXPECT_TRUE(Runs(*engine, "SELECT * FROM ok"));
  EXPECT_FALSE(Runs(*engine, "SELECT * FROM later"));
  auto records = Records(*engine);
  EXPECT_EQ(records["1"].status, MigrationStatus::kApplied);
  EXPECT_EQ(records["2"].status, MigrationStatus::kFailed);
  if (!transactional()) {
    // DDL commits at once: the half-done migration is reported dirty, and nothing goes on until repair.
    EXPECT_TRUE(Runs(*engine, "SELECT * FROM half"));
    EXPECT_TRUE(records["2"].dirty);
    EXPECT_EQ(engine->Up(Load(), {}).status().code(), StatusCode::kDirty);
    ASSERT_TRUE(engine->connection().Execute({"DROP TABLE half;", "", 1}).ok());
    ASSERT_TRUE(engine->Repair(Load(), {}).ok());
    Write("2_bad.sql", "-- strata:up\nCREATE TABLE half (id INTEGER);\n");
    auto retry = engine->Up(Load(), {});
    ASSERT_TRUE(retry.ok()) << retry.status().ToString();
    EXPECT_TRUE(retry->status.ok()) << retry->status.ToString();
    EXPECT_EQ(retry->Count(StepOutcome::kApplied), 2);
    return;
  }
  EXPECT_FALSE(Runs(*engine, "SELECT * FROM half")) << "part of the failed migration remained";
  EXPECT_FALSE(records["2"].dirty);
  EXPECT_NE(records["2"].error.find("2_bad.sql:5"), std::string::npos) << records["2"].error;
  EXPECT_EQ(records.count("3"), 0u);
  auto events = engine->History(0);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ(events->back().action, EventAction::kFail);

  // Fixed file: the next run retries it and goes on.
  Write("2_bad.sql", "-- strata:up\nCREATE TABLE half (id INTEGER);\n");
  auto retry = engine->Up(Load(), {});
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->status.ok()) << retry->status.ToString();
  EXPECT_EQ(retry->Count(StepOutcome::kApplied), 2);
}

TEST_P(ConformanceTest, DownRevertsLastAppliedAndWorksWithoutTheFile) {
  Write(File("1_a"), says_.Creates("a", /*reversible=*/true));
  Write(File("2_b"), says_.Creates("b", /*reversible=*/true));
  auto engine = Open();
  ASSERT_TRUE(engine->Up(Load(), {})->status.ok());
  std::filesystem::remove(dir_.path() / "m" / File("2_b"));
  auto down = engine->Down(Load(), {});
  ASSERT_TRUE(down.ok()) << down.status().ToString();
  EXPECT_TRUE(down->status.ok()) << down->status.ToString();
  ASSERT_EQ(down->steps.size(), 1u);
  EXPECT_EQ(down->steps[0].version, "2");
  EXPECT_FALSE(says_.Exists(*engine, "b")) << "reverted from the text stored in the history";
  EXPECT_TRUE(says_.Exists(*engine, "a"));
  auto records = Records(*engine);
  EXPECT_EQ(records["2"].status, MigrationStatus::kReverted);
  EXPECT_EQ(records["2"].reverted_by, "tester");
}

TEST_P(SqlConformanceTest, DryRunChangesNothingAndPredictsFailure) {
  Write("1_a.sql", "-- strata:up\nCREATE TABLE a (id INTEGER);\n");
  Write("2_bad.sql", "-- strata:up\nINSERT INTO nope VALUES (1);\n");
  auto engine = Open();
  UpOptions dry;
  dry.dry_run = true;
  auto report = engine->Up(Load(), dry);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->dry_run);
  if (transactional()) {
    EXPECT_EQ(report->Count(StepOutcome::kWouldApply), 1);
    EXPECT_EQ(report->Count(StepOutcome::kFailed), 1);
  } else {
    EXPECT_EQ(report->Count(StepOutcome::kUntested), 2);  // cannot be rehearsed: DDL would commit
  }
  EXPECT_FALSE(Runs(*engine, "SELECT * FROM a"));
  EXPECT_TRUE(Records(*engine).empty());
  EXPECT_TRUE(engine->History(0)->empty());
}

TEST_P(SqlConformanceTest, NonTransactionalSectionRunsAndInterruptionNeedsRepair) {
  Write("1_a.sql", "-- strata:up\nCREATE TABLE a (id INTEGER);\n");
  Write("2_maint.sql", "-- strata:up transaction:false\n" + GetParam().non_transactional + "\n");
  auto engine = Open();
  auto report = engine->Up(Load(), {});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok()) << report->status.ToString();
  EXPECT_EQ(Records(*engine)["2"].status, MigrationStatus::kApplied);

  // A failure outside a transaction may have left changes: it blocks until a person repairs.
  Write("3_half.sql", "-- strata:up transaction:false\nCREATE TABLE half (id INTEGER);\nINSERT INTO nope VALUES (1);\n");
  Write("4_next.sql", "-- strata:up\nCREATE TABLE next_one (id INTEGER);\n");
  auto failed = engine->Up(Load(), {});
  ASSERT_TRUE(failed.ok());
  EXPECT_FALSE(failed->status.ok());
  EXPECT_TRUE(Runs(*engine, "SELECT * FROM half")) << "statements before the failure stay: no transaction";
  auto record = Records(*engine)["3"];
  EXPECT_EQ(record.status, MigrationStatus::kFailed);
  EXPECT_TRUE(record.dirty);
  auto refused = engine->Up(Load(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kDirty);

  // The person undoes the half-done work and repairs: pending again, and it applies once fixed.
  ASSERT_TRUE(engine->connection().Execute({"DROP TABLE half;", "", 1}).ok());
  auto repaired = engine->Repair(Load(), {});
  ASSERT_TRUE(repaired.ok()) << repaired.status().ToString();
  EXPECT_EQ(repaired->cleared.size(), 1u);
  Write("3_half.sql", "-- strata:up transaction:false\nCREATE TABLE half (id INTEGER);\n");
  auto after = engine->Up(Load(), {});
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_TRUE(after->status.ok()) << after->status.ToString();
  EXPECT_EQ(after->Count(StepOutcome::kApplied), 2);
}

// A run flushes its atomic migrations to disk once (Connection::BeginBatch): each must still be atomic,
// a step outside a transaction must find the ones before it committed, and all must be durable after.
TEST_P(SqlConformanceTest, RunSharingOneFlushKeepsEveryMigrationAtomic) {
  Write("1_a.sql", "-- strata:up\nCREATE TABLE a (id INTEGER);\n");
  Write("2_maint.sql", "-- strata:up transaction:false\n" + GetParam().non_transactional + "\n");
  Write("3_b.sql", "-- strata:up\nCREATE TABLE b (id INTEGER);\n");
  Write("4_bad.sql", "-- strata:up\nCREATE TABLE half (id INTEGER);\nINSERT INTO missing_table VALUES (1);\n");
  auto engine = Open();
  auto report = engine->Up(Load(), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->status.code(), StatusCode::kMigrationFailed);
  EXPECT_EQ(report->Count(StepOutcome::kApplied), 3);
  if (GetParam().name == std::string("postgres")) {
    auto setting = engine->connection().sql()->Query("SHOW synchronous_commit", {});
    ASSERT_TRUE(setting.ok());
    EXPECT_EQ((*setting)[0][0], SqlValue("on")) << "the session must be left with its own setting (here: on)";
  }
  engine.reset();

  auto other = Open();  // a new connection sees what the run committed, and only that
  auto records = Records(*other);
  EXPECT_EQ(records["1"].status, MigrationStatus::kApplied);
  EXPECT_EQ(records["2"].status, MigrationStatus::kApplied);
  EXPECT_EQ(records["3"].status, MigrationStatus::kApplied);
  EXPECT_EQ(records["4"].status, MigrationStatus::kFailed);
  EXPECT_TRUE(Runs(*other, "SELECT * FROM b"));
  EXPECT_EQ(Runs(*other, "SELECT * FROM half"), !transactional());
}

TEST_P(ConformanceTest, InterruptedRunIsReportedAndRepairCanMarkApplied) {
  Write(File("1_a"), says_.Creates("a"));
  auto engine = Open();
  MigrationSet set = Load();
  // What a crash mid-way through a non-transactional migration leaves behind.
  ASSERT_TRUE(engine->connection().history().Ensure().ok());
  HistoryRecord running;
  running.version = "1";
  running.name = "a";
  running.checksum = set.migrations[0].checksum;
  running.status = MigrationStatus::kRunning;
  running.up_text = set.migrations[0].up.text;
  ASSERT_TRUE(engine->connection().history().Save(running).ok());
  auto status = engine->GetStatus(set);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->running, 1);
  ASSERT_EQ(status->problems.size(), 1u);
  EXPECT_EQ(status->problems[0].kind, ProblemKind::kInterrupted);
  EXPECT_EQ(engine->Up(set, {}).status().code(), StatusCode::kDirty);

  RepairOptions mark;
  mark.mark_applied = true;
  ASSERT_TRUE(engine->Repair(set, mark).ok());
  EXPECT_EQ(Records(*engine)["1"].status, MigrationStatus::kApplied);
  EXPECT_TRUE(engine->Up(set, {})->steps.empty());
}

TEST_P(ConformanceTest, PlaceholdersAreFilledAndUnsetOnesApplyNothing) {
  Write(File("1_a"), says_.Creates("${table}"));
  Write(File("2_b"), says_.Creates("${other}"));
  {
    auto engine = Open();
    auto refused = engine->Up(Load(), {});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().message().find("${table}"), std::string::npos);
    EXPECT_TRUE(Records(*engine).empty());
  }
  EngineOptions options;
  options.variables = {{"table", "filled"}, {"other", "filled_too"}};
  auto engine = Open(options);
  auto report = engine->Up(Load(), {});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok());
  EXPECT_TRUE(says_.Exists(*engine, "filled"));
  // The history keeps the text as written; the checksum is of the file, not the filled text.
  EXPECT_NE(Records(*engine)["1"].up_text.find("${table}"), std::string::npos);
}

TEST_P(ConformanceTest, ModifiedFileBlocksUpUnlessForcedAndRepairRealigns) {
  Write(File("1_a"), says_.Creates("a"));
  auto engine = Open();
  ASSERT_TRUE(engine->Up(Load(), {})->status.ok());
  Write(File("1_a"), says_.Creates("a", /*reversible=*/true));  // edited after it was applied
  Write(File("2_b"), says_.Creates("b"));
  auto refused = engine->Up(Load(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kValidationFailed);
  EXPECT_FALSE(says_.Exists(*engine, "b"));
  UpOptions force;
  force.force = true;
  auto forced = engine->Up(Load(), force);
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->Count(StepOutcome::kApplied), 1);
  EXPECT_EQ(std::count_if(forced->warnings.begin(), forced->warnings.end(),
                          [](const std::string& w) { return w.find("ignored: --force") != std::string::npos; }),
            1);
  auto repaired = engine->Repair(Load(), {});
  ASSERT_TRUE(repaired.ok());
  EXPECT_EQ(repaired->realigned.size(), 1u);
  EXPECT_TRUE(engine->Validate(Load())->empty());
}

TEST_P(ConformanceTest, BaselineRecordsWithoutRunning) {
  Write(File("1_a"), says_.Creates("a"));
  Write(File("2_b"), says_.Creates("b"));
  Write(File("3_c"), says_.Creates("c"));
  auto engine = Open();
  auto baseline = engine->Baseline(Load(), *Version::Parse("2"));
  ASSERT_TRUE(baseline.ok()) << baseline.status().ToString();
  EXPECT_EQ(baseline->steps.size(), 2u);
  EXPECT_FALSE(says_.Exists(*engine, "a"));
  auto up = engine->Up(Load(), {});
  ASSERT_TRUE(up.ok());
  ASSERT_EQ(up->steps.size(), 1u);
  EXPECT_EQ(up->steps[0].version, "3");
  EXPECT_EQ(engine->History(0)->front().action, EventAction::kBaseline);
}

TEST_P(ConformanceTest, LockExcludesASecondRunner) {
  Write(File("1_a"), says_.Creates("a"));
  auto holder = Open();
  ASSERT_TRUE(holder->connection().history().Ensure().ok());  // as after a first run
  ASSERT_TRUE(holder->connection().AcquireLock(std::chrono::milliseconds(0), "holder process").ok());
  EngineOptions options;
  options.lock_timeout = std::chrono::milliseconds(200);
  std::vector<Progress::Kind> seen;
  options.on_progress = [&](const Progress& p) { seen.push_back(p.kind); };
  auto waiter = Open(options);
  auto refused = waiter->Up(Load(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kLockTimeout);
  EXPECT_NE(refused.status().message().find("holder process"), std::string::npos) << refused.status().message();
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen[0], Progress::Kind::kLockWaiting);
  ASSERT_TRUE(holder->connection().ReleaseLock().ok());
  auto applied = waiter->Up(Load(), {});
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->Count(StepOutcome::kApplied), 1);
}

TEST_P(ConformanceTest, EventLogIsAppendOnly) {
  Write(File("1_a"), says_.Creates("a"));
  auto engine = Open();
  ASSERT_TRUE(engine->Up(Load(), {})->status.ok());
  if (GetParam().append_only_enforced) {
    EXPECT_FALSE(Runs(*engine, "DELETE FROM strata_migrations_events"));
    EXPECT_FALSE(Runs(*engine, "UPDATE strata_migrations_events SET actor = 'someone else'"));
  }
  EXPECT_EQ(engine->History(0)->size(), 1u);
}

TEST_P(SqlConformanceTest, NewerHistoryLayoutIsRefused) {
  Write("1_a.sql", "-- strata:up\nCREATE TABLE a (id INTEGER);\n");
  auto engine = Open();
  ASSERT_TRUE(engine->Up(Load(), {})->status.ok());
  ASSERT_TRUE(Runs(*engine, "UPDATE strata_migrations_meta SET meta_value = '99' WHERE meta_key = 'layout'"));
  auto status = engine->GetStatus(Load());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.status().message().find("newer strata"), std::string::npos);
}

TEST_P(SqlConformanceTest, CustomHistoryTable) {
  Write("1_a.sql", "-- strata:up\nCREATE TABLE a (id INTEGER);\n");
  EngineOptions options;
  options.history_table = "schema_history";
  auto engine = Open(options);
  ASSERT_TRUE(engine->Up(Load(), {})->status.ok());
  EXPECT_TRUE(Runs(*engine, "SELECT * FROM schema_history"));
  EXPECT_FALSE(Runs(*engine, "SELECT * FROM strata_migrations"));
  EngineOptions bad;
  bad.history_table = "x; DROP TABLE a";
  EXPECT_FALSE(Engine::Open(url_, bad).ok());
}

TEST_P(SqlConformanceTest, QueryBindsParametersAndLeavesLiteralsAlone) {
  auto engine = Open();
  auto rows = engine->connection().sql()->Query("SELECT ?, 'what?', ? -- and here?\n", {"x", std::nullopt});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], SqlValue("x"));
  EXPECT_EQ((*rows)[0][1], SqlValue("what?"));
  EXPECT_EQ((*rows)[0][2], SqlValue());
}

std::vector<Backend> AllBackends() {
  std::vector<Backend> all = testing::Backends();
#if STRATA_WITH_MONGODB
  for (const Backend& b : testing::MongoBackends()) all.push_back(b);
#endif
  return all;
}

INSTANTIATE_TEST_SUITE_P(Backends, ConformanceTest, ::testing::ValuesIn(AllBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Backends, SqlConformanceTest, ::testing::ValuesIn(testing::Backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace strata
