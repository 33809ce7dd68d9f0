// `strata up --targets` and `strata status --targets` end to end: 50 SQLite files, and 200 PostgreSQL
// schemas (MariaDB: 10 databases) at once, with failures kept to their targets, --stop-on-error,
// --resume, the live view and the targets file's errors.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "strata/driver.h"
#include "strata/engine.h"
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

constexpr const char* kItems = "-- strata:up\nCREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20));\n";
constexpr const char* kSeed = "-- strata:up\nINSERT INTO items (id, name) VALUES (1, 'first');\n";

class FleetCliTest : public ::testing::Test {
 protected:
  FleetCliTest() : strata_(dir_.path()) {
    dir_.Write("db/migrations/001_items.sql", kItems);
    dir_.Write("db/migrations/002_seed.sql", kSeed);
  }
  // `count` SQLite files listed in fleet.txt as paths; the one at `broken` already has a table `items`.
  void SqliteFleet(int count, int broken) {
    std::string lines = "# tenants\n";
    for (int i = 0; i < count; ++i) lines += "t/" + std::to_string(i) + ".db\n";
    dir_.Write("fleet.txt", lines);
    std::filesystem::create_directories(dir_.path() / "t");
    if (broken >= 0) {
      ASSERT_TRUE(Sql(broken, "CREATE TABLE items (other TEXT);").ok());
    }
  }
  Status Sql(int target, const std::string& sql) {
    auto engine = Engine::Open("sqlite:" + (dir_.path() / "t" / (std::to_string(target) + ".db")).string(), {});
    if (!engine.ok()) return engine.status();
    return (*engine)->connection().Execute({sql, "", 1});
  }
  json Json(const std::vector<std::string>& args, int expected_exit) {
    std::vector<std::string> with = args;
    with.insert(with.begin(), "--json");
    Outcome o = strata_(with);
    EXPECT_EQ(o.exit_code, expected_exit) << o.out << o.err;
    return json::parse(o.out, nullptr, false);
  }

  TempDir dir_;
  Strata strata_;
};

std::set<std::string> TargetsWith(const json& report, const std::string& outcome) {
  std::set<std::string> names;
  for (const json& t : report["targets"]) {
    if (t["outcome"] == outcome) names.insert(t["target"].get<std::string>());
  }
  return names;
}

TEST_F(FleetCliTest, FiftySqliteFilesInParallelOneBrokenThenResume) {
  SqliteFleet(50, 17);
  json up = Json({"up", "--targets", "fleet.txt", "--parallel", "4"}, 1);
  EXPECT_EQ(up["ok"], false);
  EXPECT_EQ(up["summary"]["done"], 49);
  EXPECT_EQ(up["summary"]["failed"], 1);
  EXPECT_EQ(TargetsWith(up, "failed"), std::set<std::string>{"t/17.db"});
  const json& broken = up["targets"][17];
  EXPECT_EQ(broken["origin"], "fleet.txt:19");  // after the comment line
  EXPECT_EQ(broken["error"]["code"], "migration_failed");
  EXPECT_EQ(broken["run"]["migrations"][0]["outcome"], "failed");
  EXPECT_EQ(up["targets"][3]["applied"], 2);
  EXPECT_EQ(up["state_file"], "fleet.txt.state");

  json matrix = Json({"status", "--targets", "fleet.txt", "--parallel", "4"}, 0);
  EXPECT_EQ(matrix["summary"]["up_to_date"], 49);
  EXPECT_EQ(matrix["summary"]["with_failed"], 1);
  EXPECT_EQ(matrix["targets"][17]["summary"]["failed"], 1);
  EXPECT_EQ(matrix["targets"][17]["summary"]["pending"], 1);
  EXPECT_EQ(matrix["targets"][0]["summary"]["applied"], 2);
  EXPECT_EQ(matrix["targets"][0]["current_version"], "002");

  // Fixed, the broken target is the only one --resume runs.
  ASSERT_TRUE(Sql(17, "DROP TABLE items;").ok());
  json resumed = Json({"up", "--targets", "fleet.txt", "--resume"}, 0);
  ASSERT_EQ(resumed["targets"].size(), 1u) << resumed.dump();
  EXPECT_EQ(resumed["targets"][0]["target"], "t/17.db");
  EXPECT_EQ(resumed["targets"][0]["applied"], 2);
  EXPECT_EQ(resumed["summary"]["done_before_resume"], 49);
  Outcome nothing = strata_({"up", "--targets", "fleet.txt", "--resume"});
  EXPECT_EQ(nothing.exit_code, 0);
  EXPECT_TRUE(Contains(nothing.out, "nothing to resume: the 50 targets are done")) << nothing.out;

  // The table for people: one row a target, and the counts.
  Outcome table = strata_({"status", "--targets", "fleet.txt"});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_TRUE(Contains(table.out, "50 targets: 50 up to date, 0 with pending migrations, 0 with failed ones")) << table.out;
}

TEST_F(FleetCliTest, StopOnErrorThenResumeRunsTheFailedAndTheUnstarted) {
  SqliteFleet(5, 2);
  Outcome stopped = strata_({"up", "--targets", "fleet.txt", "--stop-on-error"});
  EXPECT_EQ(stopped.exit_code, 1);
  EXPECT_TRUE(Contains(stopped.out, "5 targets: 2 done, 1 failed, 2 not started")) << stopped.out;
  EXPECT_TRUE(Contains(stopped.out, "--resume")) << stopped.out;
  // Not a terminal: one plain line a finished target, on stderr.
  EXPECT_TRUE(Contains(stopped.err, "[1/5] t/0.db 2 applied")) << stopped.err;
  EXPECT_TRUE(Contains(stopped.err, "[3/5] t/2.db failed: ")) << stopped.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "t" / "3.db"));

  ASSERT_TRUE(Sql(2, "DROP TABLE items;").ok());
  json resumed = Json({"up", "--targets", "fleet.txt", "--resume"}, 0);
  EXPECT_EQ(TargetsWith(resumed, "done"), (std::set<std::string>{"t/2.db", "t/3.db", "t/4.db"}));
  EXPECT_EQ(resumed["summary"]["done_before_resume"], 2);
  // Once the migrations change, a resume would skip targets that now have work: refused.
  dir_.Write("db/migrations/003_more.sql", "-- strata:up\nCREATE TABLE more (id INTEGER);\n");
  Outcome changed = strata_({"up", "--targets", "fleet.txt", "--resume"});
  EXPECT_EQ(changed.exit_code, 2);
  EXPECT_TRUE(Contains(changed.err, "the migrations changed since the fleet run")) << changed.err;
}

TEST_F(FleetCliTest, ADryRunChangesNothingAndKeepsNoState) {
  SqliteFleet(3, -1);
  json rehearsed = Json({"up", "--targets", "fleet.txt", "--dry-run"}, 0);
  EXPECT_EQ(rehearsed["dry_run"], true);
  EXPECT_EQ(rehearsed["targets"][0]["applied"], 2);  // would apply
  EXPECT_EQ(rehearsed["targets"][0]["run"]["summary"]["would_apply"], 2);
  EXPECT_EQ(rehearsed["state_file"], nullptr);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "fleet.txt.state"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "t" / "0.db"));
}

TEST_F(FleetCliTest, TheLiveViewRedrawsOneLineOnATerminal) {
  SqliteFleet(6, -1);
  Outcome shown = strata_.OnTerminal({"up", "--targets", "fleet.txt", "--parallel", "2"}, "");
  EXPECT_EQ(shown.exit_code, 0) << shown.out;
  EXPECT_TRUE(Contains(shown.out, "\r\033[Kup 6/6: 6 done, 0 running, 0 failed, 0 remaining")) << shown.out;
  EXPECT_TRUE(Contains(shown.out, "targets/s, ETA")) << shown.out;
}

TEST_F(FleetCliTest, ProductionAsksOnceForTheWholeFleet) {
  SqliteFleet(4, -1);
  dir_.Write("db/migrations/003_drop.sql", "-- strata:up\nALTER TABLE items DROP COLUMN name;\n");
  strata_.env["STRATA_ENV"] = "production";
  // Without a terminal every target is refused, and nothing runs on any of them.
  json refused = Json({"up", "--targets", "fleet.txt", "--parallel", "2"}, 1);
  EXPECT_EQ(refused["summary"]["failed"], 4);
  for (const json& t : refused["targets"]) {
    EXPECT_EQ(t["error"]["code"], "refused") << t.dump();
    EXPECT_EQ(t["applied"], 0);
  }
  // On a terminal the question comes once, and its answer stands for all four targets.
  Outcome asked = strata_.OnTerminal({"up", "--targets", "fleet.txt", "--parallel", "2"}, "y");
  EXPECT_EQ(asked.exit_code, 0) << asked.out;
  size_t questions = 0;
  for (size_t at = 0; (at = asked.out.find("Run anyway?", at)) != std::string::npos; ++at) ++questions;
  EXPECT_EQ(questions, 1u) << asked.out;
  EXPECT_TRUE(Contains(asked.out, "4 targets: 4 done, 0 failed, 0 not started")) << asked.out;
}

TEST_F(FleetCliTest, CtrlCLetsTheRunningTargetFinishAndResumeRunsTheRest) {
  SqliteFleet(12, -1);
  // About a tenth of a second a target, so that Ctrl-C comes while targets are left.
  dir_.Write("db/migrations/003_slow.sql",
             "-- strata:up\nCREATE TABLE numbers AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
             "WHERE x < 200000) SELECT x FROM c;\n");
  pid_t pid = strata_.Start({"--json", "up", "--targets", "fleet.txt"}, "fleet");
  const std::filesystem::path state = dir_.path() / "fleet.txt.state";
  for (int i = 0; i < 500 && !Contains(testing::ReadFile(state), "done "); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGINT);
  Outcome stopped = strata_.Finish(pid, "fleet");
  EXPECT_EQ(stopped.exit_code, 1) << stopped.err;
  EXPECT_TRUE(Contains(stopped.err, "stopping: no more targets start")) << stopped.err;
  json report = json::parse(stopped.out, nullptr, false);
  const int done = report["summary"]["done"].get<int>();
  EXPECT_GE(done, 1);
  EXPECT_LT(done, 12);
  EXPECT_EQ(report["summary"]["failed"], 0);  // the running target was not cut off
  EXPECT_EQ(report["summary"]["not_started"], 12 - done);
  json resumed = Json({"up", "--targets", "fleet.txt", "--resume"}, 0);
  EXPECT_EQ(resumed["targets"].size(), static_cast<size_t>(12 - done));
  EXPECT_EQ(resumed["summary"]["done_before_resume"], done);
}

TEST_F(FleetCliTest, TargetsFileErrorsNameTheFileAndLine) {
  Outcome missing = strata_({"up", "--targets", "nope.txt"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(Contains(missing.err, "cannot read the targets file 'nope.txt'")) << missing.err;

  dir_.Write("repeated.txt", "a.db\n# b.db\nb.db\na.db\n");
  Outcome repeated = strata_({"up", "--targets", "repeated.txt"});
  EXPECT_EQ(repeated.exit_code, 2);
  EXPECT_TRUE(Contains(repeated.err, "repeated.txt:4: 'a.db' is the same target as line 1")) << repeated.err;

  dir_.Write("schemas.txt", "a.db\ntenant_1\n");
  Outcome schema = strata_({"--url", "sqlite:main.db", "status", "--targets", "schemas.txt"});
  EXPECT_EQ(schema.exit_code, 2);
  EXPECT_TRUE(Contains(schema.err, "schemas.txt:2: 'tenant_1' is a schema name, but sqlite has no schemas")) << schema.err;

  Outcome alone = strata_({"up", "--resume"});
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_TRUE(Contains(alone.err, "--resume and --state go with --targets")) << alone.err;
  Outcome both = strata_({"up", "--targets", "a.txt", "--targets-query", "SELECT 1"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_TRUE(Contains(alone.err + both.err, "excludes")) << both.err;
  dir_.Write("tenants.txt", "tenant_1\n");
  Outcome nothing_to_resume = strata_({"up", "--targets", "tenants.txt", "--resume", "--url", "postgres://h/db"});
  EXPECT_EQ(nothing_to_resume.exit_code, 2);
  EXPECT_TRUE(Contains(nothing_to_resume.err, "there is no fleet run to resume: 'tenants.txt.state'"))
      << nothing_to_resume.err;
}

TEST_F(FleetCliTest, TargetsQueryOnTheBaseDatabase) {
  SqliteFleet(3, -1);
  // The base database lists its tenants' files.
  ASSERT_TRUE(Engine::Open("sqlite:" + (dir_.path() / "main.db").string(), {}).ok());
  strata_.env["DATABASE_URL"] = "sqlite:main.db";
  json up = Json({"up", "--targets-query", "SELECT 't/' || value || '.db' FROM json_each('[0,1,2]') ORDER BY 1"}, 0);
  EXPECT_EQ(TargetsWith(up, "done"), (std::set<std::string>{"t/0.db", "t/1.db", "t/2.db"}));
  EXPECT_EQ(up["targets"][1]["origin"], "query row 2");
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "strata-fleet.state"));
  Outcome bad = strata_({"up", "--targets-query", "SELECT NULL"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Contains(bad.err, "query row 1: the targets query returned NULL")) << bad.err;
}

// On the servers: each target a schema (PostgreSQL) or a database (MariaDB) of the --url database.
class FleetServerTest : public ::testing::TestWithParam<Backend> {
 protected:
  FleetServerTest() : strata_(dir_.path()) {}
  void SetUp() override {
    // A unique prefix: the name of the private schema or database the suite's helper makes.
    const std::string fresh = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(fresh.empty());
    own_ = postgres() ? fresh.substr(fresh.rfind('=') + 1) : fresh.substr(fresh.rfind('/') + 1);
    strata_.env["DATABASE_URL"] = GetParam().base_url;
    // One migration: the 200 targets' time goes to connecting and keeping history, not to the work.
    dir_.Write("db/migrations/001_items.sql", std::string(kItems) + std::string(kSeed).substr(13));
  }
  void TearDown() override {
    if (!admin_) return;
    names_.push_back(own_);
    if (postgres()) {
      std::string all;
      for (const std::string& name : names_) all += (all.empty() ? "" : ", ") + name;
      (void)Run("DROP SCHEMA IF EXISTS " + all + " CASCADE");  // one statement: quicker than 200
    } else {
      for (const std::string& name : names_) (void)Run("DROP DATABASE IF EXISTS " + name);
    }
  }
  bool postgres() const { return GetParam().name == "postgres"; }
  Status Run(const std::string& sql) {
    if (!admin_) {
      auto c = (*FindDriver(GetParam().base_url))->Connect(GetParam().base_url, {});
      if (!c.ok()) return c.status();
      admin_ = std::move(*c);
    }
    return admin_->Execute({sql, "", 1});
  }
  std::string TargetUrl(const std::string& name) const {
    const std::string& base = GetParam().base_url;
    return postgres() ? base + "?schema=" + name : base.substr(0, base.rfind('/') + 1) + name;
  }

  TempDir dir_;
  Strata strata_;
  std::string own_;
  std::vector<std::string> names_;
  std::unique_ptr<Connection> admin_;
};

TEST_P(FleetServerTest, ManyTargetsInParallelWithOwnLocksAndHistories) {
  const int count = postgres() ? 200 : 10;
  std::string lines;
  for (int i = 0; i < count; ++i) {
    names_.push_back(own_ + "_" + std::to_string(i));
    lines += names_.back() + "\n";
    // MariaDB makes no database on connecting; PostgreSQL's history makes its schema.
    if (!postgres()) {
      ASSERT_TRUE(Run("CREATE DATABASE " + names_.back()).ok());
    }
  }
  dir_.Write("fleet.txt", lines);
  // Target 7 is broken: its table exists already, so 001 fails there.
  if (postgres()) {
    ASSERT_TRUE(Run("CREATE SCHEMA " + names_[7]).ok());
  }
  ASSERT_TRUE(Run("CREATE TABLE " + names_[7] + ".items (other VARCHAR(5))").ok());
  // Target 0's runner lock is held: the lock is per schema or database, so only target 0 waits for it.
  auto holder = (*FindDriver(GetParam().base_url))->Connect(TargetUrl(names_[0]), {});
  ASSERT_TRUE(holder.ok()) << holder.status().ToString();
  ASSERT_TRUE((*holder)->AcquireLock(std::chrono::seconds(5), "the test").ok());

  Outcome up = strata_({"--json", "--lock-timeout", "1", "up", "--targets", "fleet.txt", "--parallel", "8"});
  EXPECT_EQ(up.exit_code, 1) << up.err;
  json report = json::parse(up.out, nullptr, false);
  EXPECT_EQ(report["summary"]["done"], count - 2) << up.out.substr(0, 2000);
  EXPECT_EQ(TargetsWith(report, "failed"), (std::set<std::string>{names_[0], names_[7]}));
  EXPECT_EQ(report["targets"][0]["error"]["code"], "lock_timeout");
  EXPECT_EQ(report["targets"][7]["error"]["code"], "migration_failed");

  // Each target has its own tables and its own history.
  auto tenant = (*FindDriver(GetParam().base_url))->Connect(TargetUrl(names_[3]), {});
  ASSERT_TRUE(tenant.ok());
  auto rows = (*tenant)->sql()->Query("SELECT COUNT(*) FROM items", {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0][0], "1");
  // The matrix of the first ten (reading all 200 again would double the test's time for nothing new).
  std::string first_ten;
  for (int i = 0; i < 10; ++i) first_ten += names_[i] + "\n";
  dir_.Write("first-ten.txt", first_ten);
  json matrix = json::parse(strata_({"--json", "status", "--targets", "first-ten.txt", "--parallel", "4"}).out, nullptr, false);
  EXPECT_EQ(matrix["summary"]["up_to_date"], 8) << matrix.dump().substr(0, 2000);
  EXPECT_EQ(matrix["summary"]["with_failed"], 1);
  EXPECT_EQ(matrix["targets"][0]["summary"]["pending"], 1);
  EXPECT_EQ(matrix["targets"][7]["summary"]["failed"], 1);

  ASSERT_TRUE((*holder)->ReleaseLock().ok());
  ASSERT_TRUE(Run("DROP TABLE " + names_[7] + ".items").ok());
  // Without transactional DDL (MariaDB) the failure may have left half a migration: a person repairs it.
  if (!GetParam().transactional_ddl) {
    EXPECT_EQ(strata_({"--url", TargetUrl(names_[7]), "repair"}).exit_code, 0);
  }
  Outcome resumed = strata_({"--json", "up", "--targets", "fleet.txt", "--resume", "--parallel", "8"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  json again = json::parse(resumed.out, nullptr, false);
  EXPECT_EQ(TargetsWith(again, "done"), (std::set<std::string>{names_[0], names_[7]})) << resumed.out.substr(0, 2000);
  EXPECT_EQ(again["summary"]["done_before_resume"], count - 2);
}

INSTANTIATE_TEST_SUITE_P(Servers, FleetServerTest, ::testing::ValuesIn(testing::ServerBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FleetServerTest);

}  // namespace
}  // namespace strata
