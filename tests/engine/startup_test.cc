// Start-up migration, health, code and embedded migrations, against every backend.
#include "strata/startup.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "strata/code_migration.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/strata_process.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

TEST(EmbeddedMigrationsTest, HaveTheChecksumsOfTheirFiles) {
  TempDir dir;
  std::string out_path = (dir.path() / "list").string();
  std::string command = std::string(STRATA_PROBE) + " --list > " + out_path;
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::istringstream listed(testing::ReadFile(out_path));
  auto files = LoadMigrations(std::string(STRATA_TEST_DATA) + "/embedded");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  std::string version, checksum;
  size_t i = 0;
  while (listed >> version >> checksum) {
    ASSERT_LT(i, files->migrations.size());
    EXPECT_EQ(version, files->migrations[i].version.text());
    EXPECT_EQ(checksum, files->migrations[i].checksum) << version;
    ++i;
  }
  EXPECT_EQ(i, files->migrations.size());
  EXPECT_EQ(i, 3u);
}

class StartupTest : public ::testing::TestWithParam<Backend> {
 protected:
  StartupTest() : run_(dir_.path()) {}
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    for (const char* name : {"AUTO_MIGRATE", "MIGRATION_REQUIRE_CONFIRMATION", "STRATA_ENV", "STRATA_ENVIRONMENT", "MAX_MIGRATION_TIME"}) {
      unsetenv(name);
    }
  }
  // Runs the probe application once, in its own process.
  Outcome Probe(std::map<std::string, std::string> env) {
    run_.env = std::move(env);
    pid_t pid = fork();
    if (pid == 0) {
      for (const auto& [k, v] : run_.env) setenv(k.c_str(), v.c_str(), 1);
      execl(STRATA_PROBE, STRATA_PROBE, url_.c_str(), nullptr);
      _exit(127);
    }
    return Finish(pid);
  }
  Outcome Finish(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, "", ""};
  }
  std::unique_ptr<Engine> Open(EngineOptions options = {}) {
    auto engine = Engine::Open(url_, std::move(options));
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(*engine) : nullptr;
  }
  std::string Scalar(const std::string& sql) {
    auto rows = Open()->connection().sql()->Query(sql, {});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() && !rows->empty() ? (*rows)[0][0].value_or("") : "";
  }
  MigrationSet Files() {
    auto set = LoadMigrations(std::string(STRATA_TEST_DATA) + "/embedded");
    EXPECT_TRUE(set.ok());
    return *set;
  }

  TempDir dir_;
  Strata run_;
  std::string url_;
};

TEST_P(StartupTest, AppliesOnlyWithAutoMigrate) {
  EXPECT_EQ(Probe({}).exit_code, 1) << "pending, AUTO_MIGRATE off";
  auto history = Open()->connection().history().Read(true);
  ASSERT_TRUE(history.ok());
  EXPECT_TRUE(history->empty());
  EXPECT_EQ(Probe({{"AUTO_MIGRATE", "1"}}).exit_code, 0);
  // The code migration ran with its bound parameters and batches.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM probe_items WHERE label LIKE 'ITEM %'"), "25");
  EXPECT_EQ(Probe({}).exit_code, 0) << "healthy: nothing pending";
  // The CLI knows only the files: the applied code migration is neither missing nor revertible there.
  Strata cli(dir_.path());
  std::string embedded = std::string(STRATA_TEST_DATA) + "/embedded";
  Outcome validate = cli({"--url", url_, "--dir", embedded, "validate"});
  EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
  Outcome down = cli({"--url", url_, "--dir", embedded, "down", "--count", "2"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.err.find("003 seed_items is a C++ code migration"), std::string::npos) << down.err;
}

TEST_P(StartupTest, ConfirmationKeepsStartUpFromApplying) {
  EXPECT_EQ(Probe({{"AUTO_MIGRATE", "1"}, {"MIGRATION_REQUIRE_CONFIRMATION", "1"}}).exit_code, 1);
  EXPECT_EQ(Probe({{"AUTO_MIGRATE", "1"}, {"STRATA_ENV", "production"}}).exit_code, 1);
  EXPECT_TRUE(Open()->connection().history().Read(true)->empty());
  EXPECT_EQ(
      Probe({{"AUTO_MIGRATE", "1"}, {"STRATA_ENV", "production"}, {"MIGRATION_REQUIRE_CONFIRMATION", "0"}}).exit_code,
      0);
}

TEST_P(StartupTest, ManyReplicasStartingAtOnceApplyEachMigrationOnce) {
  std::vector<pid_t> pids;
  for (int i = 0; i < 6; ++i) {
    pid_t pid = fork();
    if (pid == 0) {
      setenv("AUTO_MIGRATE", "1", 1);
      execl(STRATA_PROBE, STRATA_PROBE, url_.c_str(), nullptr);
      _exit(127);
    }
    pids.push_back(pid);
  }
  for (pid_t pid : pids) EXPECT_EQ(Finish(pid).exit_code, 0);
  auto events = Open()->History(0);
  ASSERT_TRUE(events.ok());
  std::set<std::string> versions;
  for (const HistoryEvent& e : *events) {
    EXPECT_EQ(e.action, EventAction::kApply);
    versions.insert(e.version);
  }
  EXPECT_EQ(events->size(), 4u);
  EXPECT_EQ(versions.size(), 4u);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM probe_items"), "25");
}

TEST_P(StartupTest, NothingPendingTakesNoLock) {
  StartupOptions options;
  options.auto_migrate = true;
  ASSERT_TRUE(MigrateOnStartup(url_, Files(), options).ok());
  auto holder = Open();
  ASSERT_TRUE(holder->connection().AcquireLock(std::chrono::milliseconds(0), "someone else").ok());
  options.engine.lock_timeout = std::chrono::milliseconds(50);
  auto report = MigrateOnStartup(url_, Files(), options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->health.status, "healthy");
}

TEST_P(StartupTest, CodeMigrationChecksumFollowsItsCodeVersion) {
  auto with_code = [&](const std::string& code_version, CodeStep up) {
    MigrationSet set = Files();
    CodeMigration code{"003", "seed", "seeds", code_version, std::move(up), {}, true};
    EXPECT_TRUE(AddCodeMigration(set, std::move(code)).ok());
    return set;
  };
  auto noop = [](Database&) { return Status::Ok(); };
  auto engine = Open();
  ASSERT_TRUE(engine->Up(with_code("1", noop), {})->status.ok());
  EXPECT_TRUE(engine->Validate(with_code("1", noop))->empty());
  auto problems = engine->Validate(with_code("2", noop));
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_EQ((*problems)[0].kind, ProblemKind::kModified);
  EXPECT_FALSE(engine->Down(with_code("1", noop), DownOptions{std::nullopt, 4, false, false}).ok())
      << "the code migration has no down step: irreversible";
  MigrationSet clash = Files();
  EXPECT_FALSE(AddCodeMigration(clash, {"001", "clash", "", "1", noop, {}, true}).ok());
  EXPECT_FALSE(AddCodeMigration(clash, {"x1", "bad", "", "1", noop, {}, true}).ok());
}

// Baseline and repair record a code migration as `up` does: no down text to run later, category
// "code" (a CLI without the code then refuses to revert it instead of running a comment).
TEST_P(StartupTest, BaselineAndRepairRecordCodeMigrationsAsUpDoes) {
  MigrationSet set = Files();
  auto noop = [](Database&) { return Status::Ok(); };
  ASSERT_TRUE(AddCodeMigration(set, {"003", "seed", "seeds", "1", noop, noop, true}).ok());
  auto engine = Open();
  ASSERT_TRUE(engine->Baseline(set, *Version::Parse("003")).ok());
  auto history = engine->connection().history().Read(true);
  ASSERT_TRUE(history.ok());
  bool seen = false;
  for (const HistoryRecord& r : *history) {
    if (r.version != "003") continue;
    seen = true;
    EXPECT_EQ(r.category, "code");
    EXPECT_FALSE(r.down_text.has_value()) << "the placeholder text must never be stored as a down part";
  }
  EXPECT_TRUE(seen);
  // Without the code registered, the record is refused, not "reverted" by running nothing.
  auto down = engine->Revert(Files(), *Version::Parse("003"));
  ASSERT_FALSE(down.ok());
  EXPECT_NE(down.status().message().find("C++ code migration"), std::string::npos) << down.status().message();
  // With the code registered it is reverted by its down step.
  auto reverted = engine->Revert(set, *Version::Parse("003"));
  ASSERT_TRUE(reverted.ok()) << reverted.status().ToString();
  EXPECT_TRUE(reverted->status.ok());
}

TEST_P(StartupTest, StartUpRetriesAMigrationThatFailedInATransaction) {
  bool fail = true;
  MigrationSet set = Files();
  ASSERT_TRUE(AddCodeMigration(set, {"003", "flaky", "fails once", "1",
                                     [&](Database&) {
                                       return fail ? Status(StatusCode::kMigrationFailed, "not yet") : Status::Ok();
                                     },
                                     {}, true})
                  .ok());
  StartupOptions options;
  options.auto_migrate = true;
  auto first = MigrateOnStartup(url_, set, options);
  ASSERT_TRUE(first.ok());
  // Without transactional DDL the failure may have left changes: a person must repair, start-up won't.
  const char* expected = GetParam().transactional_ddl ? "failed" : "dirty";
  EXPECT_EQ(first->health.status, expected);
  fail = false;
  auto second = MigrateOnStartup(url_, set, options);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->health.status, GetParam().transactional_ddl ? "healthy" : "dirty");
}

TEST_P(StartupTest, FailingCodeMigrationLeavesNothingWhereDdlIsTransactional) {
  MigrationSet set = Files();
  ASSERT_TRUE(AddCodeMigration(set, {"003", "half", "inserts, then fails", "1",
                                     [](Database& db) -> Status {
                                       STRATA_RETURN_IF_ERROR(
                                           db.Execute("INSERT INTO probe_items (id, label) VALUES (?, ?)", {"1", "x"}));
                                       return Status(StatusCode::kMigrationFailed, "the data looks wrong");
                                     },
                                     {}, true})
                  .ok());
  auto report = Open()->Up(set, {});
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->status.ok());
  EXPECT_NE(report->status.ToString().find("code:003_half"), std::string::npos) << report->status.ToString();
  EXPECT_NE(report->status.ToString().find("the data looks wrong"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM probe_items"), GetParam().transactional_ddl ? "0" : "1");
}

INSTANTIATE_TEST_SUITE_P(Backends, StartupTest, ::testing::ValuesIn(testing::Backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

TEST(HealthTest, WorstStateWins) {
  StatusReport report;
  report.total = 3;
  report.migrations = {{"1", "a", "applied", "", "", "2026-01-01T00:00:00.000Z", "", 0, "", false, false, false, false, {}, "", ""},
                       {"2", "b", "pending", "", "", "", "", 0, "", false, false, false, false, {}, "", ""},
                       {"3", "c", "reverted", "", "", "", "", 0, "", false, false, false, false, {}, "", ""}};
  report.applied = 1;
  report.current_version = "1";
  Health pending = HealthOf(report);
  EXPECT_EQ(pending.status, "pending");
  EXPECT_EQ(pending.pending, 2);
  EXPECT_EQ(pending.last_version, "1");
  json j = json::parse(pending.ToJson());
  EXPECT_EQ(j["status"], "pending");
  EXPECT_EQ(j["last_migration"]["name"], "a");
  report.problems = {{ProblemKind::kModified, "1", "a", "modified"}};
  EXPECT_EQ(HealthOf(report).status, "failed");
  report.problems.push_back({ProblemKind::kInterrupted, "2", "b", "interrupted"});
  EXPECT_EQ(HealthOf(report).status, "dirty");
  StatusReport clean;
  EXPECT_EQ(HealthOf(clean).status, "healthy");
}

// In production a start-up run whose migrations carry error-level risk is stopped before anything runs,
// and the health report says why; STRATA_CONFIRM_RISK lets it through.
TEST(StartupRiskTest, ProductionStopsAtErrorLevelRiskAndSaysWhy) {
  TempDir dir;
  MigrationSet set;
  for (auto [name, text] : {std::pair{"001_t.sql", "-- strata:up\nCREATE TABLE t (id INTEGER);\n-- strata:down\nDROP TABLE t;\n"},
                            std::pair{"002_drop.sql", "-- strata:up\nDROP TABLE t;\n-- strata:down\nCREATE TABLE t (id INTEGER);\n"}}) {
    auto m = ParseMigrationFile((dir.path() / name).string(), text);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    set.migrations.push_back(*m);
  }
  const std::string url = "sqlite:" + (dir.path() / "app.db").string();
  StartupOptions options;
  options.auto_migrate = true;
  options.environment = "production";
  auto stopped = MigrateOnStartup(url, set, options);
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(stopped->health.status, "pending");
  EXPECT_EQ(stopped->health.applied, 0);
  EXPECT_NE(stopped->health.note.find("drop-table"), std::string::npos) << stopped->health.note;
  EXPECT_NE(stopped->health.ToJson().find("STRATA_CONFIRM_RISK"), std::string::npos);

  setenv("STRATA_ENV", "production", 1);
  setenv("STRATA_CONFIRM_RISK", "true", 1);
  auto from_env = StartupOptions::FromEnvironment();
  unsetenv("STRATA_ENV");
  unsetenv("STRATA_CONFIRM_RISK");
  ASSERT_TRUE(from_env.ok());
  EXPECT_TRUE(from_env->confirm_risk);
  options.environment = "production";
  options.confirm_risk = true;
  auto confirmed = MigrateOnStartup(url, set, options);
  ASSERT_TRUE(confirmed.ok());
  EXPECT_EQ(confirmed->health.status, "healthy") << confirmed->health.ToJson();
  EXPECT_TRUE(confirmed->health.note.empty());
}

TEST(StartupOptionsTest, ReadTheEnvironment) {
  setenv("AUTO_MIGRATE", "yes", 1);
  setenv("MAX_MIGRATION_TIME", "10m", 1);
  unsetenv("MIGRATION_REQUIRE_CONFIRMATION");
  unsetenv("STRATA_ENV");
  auto options = StartupOptions::FromEnvironment();
  ASSERT_TRUE(options.ok());
  EXPECT_TRUE(options->auto_migrate);
  EXPECT_FALSE(options->require_confirmation);
  EXPECT_EQ(options->max_migration_time, std::chrono::minutes(10));
  setenv("MAX_MIGRATION_TIME", "soon", 1);
  EXPECT_FALSE(StartupOptions::FromEnvironment().ok());
  setenv("MAX_MIGRATION_TIME", "90", 1);
  setenv("MIGRATION_REQUIRE_CONFIRMATION", "required", 1);
  auto typo = StartupOptions::FromEnvironment();
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("MIGRATION_REQUIRE_CONFIRMATION"), std::string::npos);
  setenv("MIGRATION_REQUIRE_CONFIRMATION", "off", 1);
  setenv("STRATA_ENV", "production", 1);
  EXPECT_FALSE(StartupOptions::FromEnvironment()->require_confirmation);
  unsetenv("MIGRATION_REQUIRE_CONFIRMATION");
  EXPECT_TRUE(StartupOptions::FromEnvironment()->require_confirmation);
  unsetenv("STRATA_ENV");
  unsetenv("AUTO_MIGRATE");
  unsetenv("MAX_MIGRATION_TIME");
}

TEST(StartupOptionsTest, TheEnvironmentHasTwoSpellingsThatMustAgree) {
  unsetenv("STRATA_ENV");
  unsetenv("MIGRATION_REQUIRE_CONFIRMATION");
  setenv("STRATA_ENVIRONMENT", "production", 1);
  auto long_name = StartupOptions::FromEnvironment();
  ASSERT_TRUE(long_name.ok()) << long_name.status().ToString();
  EXPECT_EQ(long_name->environment, "production");
  EXPECT_TRUE(long_name->require_confirmation);
  setenv("STRATA_ENV", "production", 1);
  EXPECT_TRUE(StartupOptions::FromEnvironment().ok());  // the same name twice is no contradiction
  setenv("STRATA_ENV", "staging", 1);
  auto disagree = StartupOptions::FromEnvironment();
  ASSERT_FALSE(disagree.ok());
  EXPECT_NE(disagree.status().message().find("STRATA_ENVIRONMENT is 'production' but STRATA_ENV is 'staging'"),
            std::string::npos)
      << disagree.status().message();
  unsetenv("STRATA_ENVIRONMENT");
  unsetenv("STRATA_ENV");
}

}  // namespace
}  // namespace strata
