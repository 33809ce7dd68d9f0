// Batched migrations (engine/batched_step.cc) through the library, on every SQL backend: each row done
// once, batches committed one by one (another session sees them between batches), a failure mid-way
// leaving a checkpoint that status reports and `up` resumes, the dry run, the down part, the sleep and
// MySQL's Threads_running throttle.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "strata/code_migration.h"
#include "strata/driver.h"
#include "strata/engine.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Backend;
using testing::TempDir;

constexpr int kRows = 2000;

// Migration 1 makes t (id 1..kRows, n = 0, between 0 and 1) with, when `poisoned`, a row that the batched
// update cannot raise: its batch fails. Migration 2 raises n by one, in batches of `batch`, and its down
// part (`down`, or one that lowers what is raised) runs in batches too.
MigrationSet Migrations(const std::string& batch, bool poisoned = false, const std::string& update = "",
                        const std::string& down = "") {
  std::string values;
  for (int i = 1; i <= kRows; ++i) values += (i > 1 ? "," : "") + fmt::format("({})", i);
  std::string create = "-- strata:up\nCREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0, "
                       "CHECK (n >= 0 AND n <= 1));\nINSERT INTO t (id) VALUES " + values + ";\n";
  if (poisoned) create += "UPDATE t SET n = 1 WHERE id = 1000;\n";
  auto set = LoadMigrations(std::vector<MigrationFile>{
      {"1_t.sql", create},
      {"2_raise.sql", "-- strata:batch " + batch + "\n-- strata:up\n" +
                          (update.empty() ? "UPDATE t SET n = n + 1;" : update) +
                          "\n-- strata:down\n" + (down.empty() ? "UPDATE t SET n = n - 1 WHERE n > 0;" : down) +
                          "\n"},
  });
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  return set.ok() ? std::move(*set) : MigrationSet{};
}

class BatchedStepTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam().required_but_missing) GTEST_FAIL() << GetParam().name << " is required but not configured";
    url_ = testing::FreshUrl(GetParam(), dir_);
  }
  std::unique_ptr<Engine> Open() {
    EngineOptions options;
    options.actor = "tester";
    options.ddl_lock_retries = 0;
    options.on_progress = [this](const Progress& p) {
      events_.push_back(p);
      if (on_batch_ && p.kind == Progress::Kind::kBatch) on_batch_(p);
    };
    auto engine = Engine::Open(url_, std::move(options));
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(*engine) : nullptr;
  }
  // A session of the test's own, beside the engine's.
  std::unique_ptr<Connection> Session() {
    auto c = (*FindDriver(url_))->Connect(url_, {});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(*c) : nullptr;
  }
  int64_t Count(Connection& c, const std::string& where) {
    auto rows = c.sql()->Query("SELECT count(*) FROM t WHERE " + where, {});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? std::stoll(*(*rows)[0][0]) : -1;
  }
  std::vector<Progress> Batches() const {
    std::vector<Progress> out;
    for (const Progress& p : events_) {
      if (p.kind == Progress::Kind::kBatch) out.push_back(p);
    }
    return out;
  }

  TempDir dir_;
  std::string url_;
  std::vector<Progress> events_;
  std::function<void(const Progress&)> on_batch_;
};

TEST_P(BatchedStepTest, EachRowOnceInBatchesOthersSeeCommitted) {
  MigrationSet set = Migrations("size=300");
  auto engine = Open();
  ASSERT_TRUE(engine);
  std::unique_ptr<Connection> probe;
  std::vector<int64_t> seen;  // rows raised, as another session saw them after each batch
  on_batch_ = [&](const Progress&) {
    if (!probe) probe = Session();
    seen.push_back(Count(*probe, "n = 1"));
  };
  auto report = engine->Up(set, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->status.ok()) << report->status.ToString();
  EXPECT_EQ(report->steps[1].outcome, StepOutcome::kApplied);
  EXPECT_NE(report->steps[1].note.find("2000 rows in 7 batches"), std::string::npos) << report->steps[1].note;

  std::vector<Progress> batches = Batches();
  ASSERT_EQ(batches.size(), 7u);
  ASSERT_EQ(seen.size(), 7u);
  for (size_t i = 0; i < batches.size(); ++i) {
    const int64_t expected = std::min<int64_t>(kRows, 300 * static_cast<int64_t>(i + 1));
    EXPECT_EQ(batches[i].rows_done, expected);
    EXPECT_EQ(batches[i].rows_total, kRows);
    EXPECT_EQ(seen[i], expected) << "batch " << i + 1 << " was committed before the next began";
  }
  EXPECT_GT(batches[3].rows_per_second, 0);
  EXPECT_GE(batches[3].eta_ms, 0);
  probe.reset();
  auto check = Session();
  EXPECT_EQ(Count(*check, "n = 1"), kRows);
  EXPECT_EQ(Count(*check, "n <> 1"), 0);
  auto status = engine->GetStatus(set);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->applied, 2);
  EXPECT_EQ(status->migrations[1].batch_rows_done, -1);
}

TEST_P(BatchedStepTest, AFailedBatchLeavesACheckpointThatUpResumes) {
  MigrationSet set = Migrations("size=300", /*poisoned=*/true);
  auto engine = Open();
  ASSERT_TRUE(engine);
  auto report = engine->Up(set, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_FALSE(report->status.ok());
  EXPECT_EQ(report->steps[1].outcome, StepOutcome::kFailed);
  EXPECT_NE(report->status.message().find("batch 4 (id > 900 and <= 1200) failed"), std::string::npos)
      << report->status.ToString();
  EXPECT_NE(report->steps[1].note.find("`strata up` resumes"), std::string::npos) << report->steps[1].note;
  {
    auto check = Session();
    EXPECT_EQ(Count(*check, "n = 1 AND id <= 900"), 900) << "three batches committed";
    EXPECT_EQ(Count(*check, "n = 0 AND id > 900"), kRows - 901) << "the failed batch was rolled back";
  }
  auto status = engine->GetStatus(set);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->migrations[1].status, "running");
  EXPECT_EQ(status->migrations[1].batch_rows_done, 900);
  EXPECT_EQ(status->migrations[1].batch_rows_total, kRows);
  EXPECT_NE(status->migrations[1].error.find("45% (900 of 2000 rows)"), std::string::npos) << status->migrations[1].error;
  EXPECT_TRUE(status->problems.empty()) << status->problems[0].message;

  // Once the row is put right, `up` goes on after the last committed batch: no row twice, none left.
  auto fix = Session();
  ASSERT_TRUE(fix->sql()->Query("UPDATE t SET n = 0 WHERE id = 1000", {}).ok());
  events_.clear();
  auto resumed = engine->Up(set, {});
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  ASSERT_TRUE(resumed->status.ok()) << resumed->status.ToString();
  ASSERT_EQ(resumed->steps.size(), 1u);
  EXPECT_NE(resumed->steps[0].note.find("resumed; 4 in this run"), std::string::npos) << resumed->steps[0].note;
  ASSERT_FALSE(Batches().empty());
  EXPECT_EQ(Batches().front().rows_done, 1200) << "the first batch of the resumed run follows the checkpoint";
  EXPECT_EQ(Count(*fix, "n = 1"), kRows);
  auto after = engine->GetStatus(set);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->applied, 2);
}

TEST_P(BatchedStepTest, DryRunRollsTheFirstBatchBackAndEstimates) {
  MigrationSet set = Migrations("size=500");
  auto engine = Open();
  ASSERT_TRUE(engine);
  UpOptions first;
  first.to = *Version::Parse("1");
  ASSERT_TRUE(engine->Up(set, first).ok());
  UpOptions dry;
  dry.dry_run = true;
  auto report = engine->Up(set, dry);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->status.ok()) << report->status.ToString();
  ASSERT_EQ(report->steps.size(), 1u);
  EXPECT_EQ(report->steps[0].outcome, StepOutcome::kWouldApply);
  EXPECT_NE(report->steps[0].note.find("2000 rows in about 4 batches of 500"), std::string::npos)
      << report->steps[0].note;
  ASSERT_EQ(Batches().size(), 1u);
  auto check = Session();
  EXPECT_EQ(Count(*check, "n = 0"), kRows) << "the dry run's batch was rolled back";
  auto status = engine->GetStatus(set);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->pending, 1);
}

TEST_P(BatchedStepTest, DownRunsInBatchesToo) {
  MigrationSet set = Migrations("size=700");
  auto engine = Open();
  ASSERT_TRUE(engine);
  ASSERT_TRUE(engine->Up(set, {})->status.ok());
  events_.clear();
  auto down = engine->Down(set, {});
  ASSERT_TRUE(down.ok()) << down.status().ToString();
  ASSERT_TRUE(down->status.ok()) << down->status.ToString();
  EXPECT_EQ(down->steps[0].outcome, StepOutcome::kReverted);
  std::vector<Progress> batches = Batches();
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_TRUE(batches[0].revert);
  auto check = Session();
  EXPECT_EQ(Count(*check, "n = 0"), kRows);
}

// A revert stopped by a failed batch resumes the way `up` does: `down` goes on after its checkpoint
// (each row lowered once), and until then `up` refuses to run over the half-reverted table.
TEST_P(BatchedStepTest, AFailedDownBatchLeavesACheckpointThatDownResumes) {
  MigrationSet set = Migrations("size=300", false, "", "UPDATE t SET n = n - 1;");
  auto engine = Open();
  ASSERT_TRUE(engine);
  ASSERT_TRUE(engine->Up(set, {})->status.ok());
  auto fix = Session();
  ASSERT_TRUE(fix->sql()->Query("UPDATE t SET n = 0 WHERE id = 1000", {}).ok());  // its batch cannot lower it

  auto down = engine->Down(set, {});
  ASSERT_TRUE(down.ok()) << down.status().ToString();
  ASSERT_FALSE(down->status.ok());
  EXPECT_EQ(down->steps[0].outcome, StepOutcome::kFailed);
  EXPECT_NE(down->status.message().find("batch 4 (id > 900 and <= 1200) failed"), std::string::npos)
      << down->status.ToString();
  EXPECT_NE(down->steps[0].note.find("`strata down`"), std::string::npos) << down->steps[0].note;
  EXPECT_EQ(Count(*fix, "n = 0 AND id <= 900"), 900) << "three batches of the revert committed";
  EXPECT_EQ(Count(*fix, "n = 1 AND id > 900"), kRows - 901) << "the failed batch was rolled back";
  auto status = engine->GetStatus(set);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->migrations[1].status, "running");
  EXPECT_EQ(status->migrations[1].batch_rows_done, 900);
  EXPECT_TRUE(status->problems.empty()) << status->problems[0].message;

  auto up = engine->Up(set, {});
  Status refused = up.ok() ? up->status : up.status();
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("was being reverted in batches"), std::string::npos) << refused.ToString();
  EXPECT_EQ(Count(*fix, "n = 0 AND id <= 900"), 900) << "the refused up changed nothing";

  ASSERT_TRUE(fix->sql()->Query("UPDATE t SET n = 1 WHERE id = 1000", {}).ok());
  events_.clear();
  auto resumed = engine->Down(set, {});
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  ASSERT_TRUE(resumed->status.ok()) << resumed->status.ToString();
  ASSERT_EQ(resumed->steps.size(), 1u) << "only the interrupted revert, not the migration below it";
  EXPECT_EQ(resumed->steps[0].outcome, StepOutcome::kReverted);
  EXPECT_NE(resumed->steps[0].note.find("resumed; 4 in this run"), std::string::npos) << resumed->steps[0].note;
  ASSERT_FALSE(Batches().empty());
  EXPECT_TRUE(Batches().front().revert);
  EXPECT_EQ(Batches().front().rows_done, 1200) << "the resumed revert's first batch follows the checkpoint";
  EXPECT_EQ(Count(*fix, "n = 0"), kRows) << "every row lowered exactly once (a second time would break the CHECK)";
  auto after = engine->GetStatus(set);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->applied, 1);
  EXPECT_EQ(after->reverted, 1);
  EXPECT_EQ(after->running, 0);
}

TEST_P(BatchedStepTest, SleepsBetweenBatches) {
  MigrationSet set = Migrations("size=500 sleep=60ms");
  auto engine = Open();
  ASSERT_TRUE(engine);
  auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(engine->Up(set, {})->status.ok());
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(Batches().size(), 4u);
  EXPECT_GE(took, std::chrono::milliseconds(180)) << "three pauses between four batches";
}

TEST_P(BatchedStepTest, KeyMustBeNamedWithoutASingleColumnPrimaryKey) {
  auto set = LoadMigrations(std::vector<MigrationFile>{
      {"1_t.sql", "-- strata:up\nCREATE TABLE pairs (a integer, b integer, n integer);\n"
                  "INSERT INTO pairs VALUES (1, 1, 0), (2, 1, 0), (3, 1, 0);\n"},
      {"2_raise.sql", "-- strata:batch size=2\n-- strata:up\nUPDATE pairs SET n = n + 1;\n"},
  });
  ASSERT_TRUE(set.ok());
  auto engine = Open();
  ASSERT_TRUE(engine);
  auto report = engine->Up(*set, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_FALSE(report->status.ok());
  EXPECT_NE(report->status.ToString().find("/2_raise.sql:1: pairs has no single-column primary key"), std::string::npos)
      << report->status.ToString();
  EXPECT_NE(report->status.message().find("key=<column>"), std::string::npos);

  auto keyed = LoadMigrations(std::vector<MigrationFile>{
      {"1_t.sql", set->migrations[0].up.text.insert(0, "-- strata:up\n")},
      {"2_raise.sql", "-- strata:batch size=2 key=a\n-- strata:up\nUPDATE pairs SET n = n + 1;\n"},
  });
  ASSERT_TRUE(keyed.ok());
  auto applied = engine->Up(*keyed, {});
  ASSERT_TRUE(applied.ok() && applied->status.ok()) << (applied.ok() ? applied->status : applied.status()).ToString();
  auto check = Session();
  auto rows = check->sql()->Query("SELECT count(*) FROM pairs WHERE n = 1", {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*(*rows)[0][0], "3");
}

TEST_P(BatchedStepTest, AStatementThatCannotBeRangedIsRefusedBeforeAnythingRuns) {
  MigrationSet set = Migrations("size=300", false, "UPDATE t SET n = 1;\nDELETE FROM t WHERE n = 5;");
  auto engine = Open();
  ASSERT_TRUE(engine);
  auto report = engine->Up(set, {});
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().ToString().find("/2_raise.sql:4: 2 statements"), std::string::npos)
      << report.status().ToString();
  EXPECT_NE(report.status().message().find("nothing was applied"), std::string::npos);
  auto status = engine->GetStatus(set);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->pending, 2) << "migration 1 did not run either";
}

TEST_P(BatchedStepTest, ThrottlesOfOtherDatabasesAreRefused) {
  const bool postgres = GetParam().name == "postgres";
  MigrationSet set = Migrations(postgres ? "max-threads-running=5" : "max-lag=2s");
  auto engine = Open();
  ASSERT_TRUE(engine);
  auto report = engine->Up(set, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_FALSE(report->status.ok());
  EXPECT_NE(report->status.ToString().find(postgres ? "2_raise.sql:1: max-threads-running waits while the server's "
                                                      "running threads are above it, which this database (postgres)"
                                                    : "2_raise.sql:1: max-lag waits for replicas' replay lag, which "
                                                      "this database"),
            std::string::npos)
      << report->status.ToString();
}

// MySQL: while Threads_running is above the bound the next batch waits. A second session sleeping in a
// query is a running thread, so with the bound at 1 the run (whose own status query is the other) waits
// until that query ends.
class MysqlBatchedStepTest : public BatchedStepTest {};

TEST_P(MysqlBatchedStepTest, WaitsWhileThreadsRunningIsAboveTheBound) {
  MigrationSet set = Migrations("size=1000 max-threads-running=1");
  auto engine = Open();
  ASSERT_TRUE(engine);
  UpOptions first;
  first.to = *Version::Parse("1");
  ASSERT_TRUE(engine->Up(set, first)->status.ok());
  auto busy = Session();
  std::thread sleeper([&] { (void)busy->sql()->Query("SELECT SLEEP(1.5)", {}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto started = std::chrono::steady_clock::now();
  auto report = engine->Up(set, {});
  auto took = std::chrono::steady_clock::now() - started;
  sleeper.join();
  ASSERT_TRUE(report.ok() && report->status.ok());
  bool waited = false;
  for (const Progress& p : events_) {
    if (p.kind == Progress::Kind::kBatchWaiting && p.detail.find("Threads_running 2 > max-threads-running 1") == 0) waited = true;
  }
  EXPECT_TRUE(waited);
  EXPECT_GE(took, std::chrono::milliseconds(800)) << "held back until the sleeping query ended";
  auto check = Session();
  EXPECT_EQ(Count(*check, "n = 1"), kRows);
}

// A code migration's batch callback runs through the same machinery: one committed batch per range.
TEST_P(BatchedStepTest, CodeMigrationBatchesCommitOneByOne) {
  MigrationSet set = Migrations("size=300");
  set.migrations.pop_back();  // the file's batched update: the code below replaces it
  CodeMigration code;
  code.version = "2";
  code.name = "raise_in_code";
  code.code_version = "1";
  CodeBatches batches;
  batches.spec.size = 800;
  batches.spec.table = "t";
  int calls = 0;
  batches.up = [&](Database& db, const std::string& lower, const std::string& upper, bool first) {
    ++calls;
    return db.Execute(std::string("UPDATE t SET n = n + 1 WHERE id ") + (first ? ">=" : ">") + " ? AND id <= ?",
                      {lower, upper});
  };
  batches.down = [](Database& db, const std::string& lower, const std::string& upper, bool first) {
    return db.Execute(std::string("UPDATE t SET n = 0 WHERE id ") + (first ? ">=" : ">") + " ? AND id <= ?",
                      {lower, upper});
  };
  ASSERT_TRUE(AddBatchedCodeMigration(set, std::move(code), std::move(batches)).ok());
  auto engine = Open();
  ASSERT_TRUE(engine);
  std::unique_ptr<Connection> probe;
  std::vector<int64_t> seen;
  on_batch_ = [&](const Progress&) {
    if (!probe) probe = Session();
    seen.push_back(Count(*probe, "n = 1"));
  };
  auto report = engine->Up(set, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->status.ok()) << report->status.ToString();
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(seen, (std::vector<int64_t>{800, 1600, 2000}));
  probe.reset();
  auto check = Session();
  EXPECT_EQ(Count(*check, "n = 1"), kRows);
  ASSERT_TRUE(engine->Down(set, {})->status.ok());
  EXPECT_EQ(Count(*check, "n = 0"), kRows);

  CodeMigration incomplete;
  incomplete.version = "3";
  incomplete.name = "no_table";
  CodeBatches no_table;
  no_table.up = [](Database&, const std::string&, const std::string&, bool) { return Status::Ok(); };
  Status refused = AddBatchedCodeMigration(set, std::move(incomplete), std::move(no_table));
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("spec.table"), std::string::npos) << refused.message();
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchedStepTest, ::testing::ValuesIn(testing::Backends()),
                         [](const auto& info) { return info.param.name; });

// Threads_running is MySQL's and MariaDB's own counter.
INSTANTIATE_TEST_SUITE_P(Servers, MysqlBatchedStepTest,
                         ::testing::ValuesIn(testing::BackendsNamed({"mariadb", "mysql"})),
                         [](const auto& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MysqlBatchedStepTest);

}  // namespace
}  // namespace strata
