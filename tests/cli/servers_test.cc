// End-to-end on the server databases: many runners at once, crashes, the lock commands, timeouts,
// and each dialect's syntax. Parameterized over the servers scripts/test-servers.sh starts.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/url.h"
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

class ServerTest : public ::testing::TestWithParam<Backend> {
 protected:
  ServerTest() : strata_(dir_.path()) {}
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    strata_.env["DATABASE_URL"] = url_;
  }
  bool postgres() const { return GetParam().name == "postgres"; }
  void Migration(const std::string& file, const std::string& content) { dir_.Write("db/migrations/" + file, content); }
  json Json(const std::vector<std::string>& args) {
    std::vector<std::string> with = args;
    with.insert(with.begin(), "--json");
    Outcome o = strata_(with);
    return json::parse(o.out, nullptr, false);
  }
  // A session of the test's own, to look at or hold things in the database.
  std::unique_ptr<Connection> Session() {
    auto c = (*FindDriver(url_))->Connect(url_, {});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(*c) : nullptr;
  }
  bool Runs(const std::string& sql) { return Session()->Execute({sql, "", 1}).ok(); }
  // Waits until the runner lock is taken (a background run got going).
  bool WaitForLock() {
    for (int i = 0; i < 100; ++i) {
      if (Json({"lock", "status"})["locked"] == true) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  TempDir dir_;
  Strata strata_;
  std::string url_;
};

TEST_P(ServerTest, EightRunnersAtOnceApplyEachMigrationOnce) {
  for (int i = 1; i <= 5; ++i) {
    Migration("00" + std::to_string(i) + "_t.sql", "-- strata:up\nCREATE TABLE t" + std::to_string(i) +
                                                      " (id integer);\nINSERT INTO t" + std::to_string(i) +
                                                      " VALUES (1), (2), (3);\n");
  }
  if (postgres()) {
    // An index built concurrently while the other runners wait for the lock: they poll, never block,
    // so they cannot deadlock with it.
    Migration("006_index.sql", "-- strata:up transaction:false\nCREATE INDEX CONCURRENTLY t1_id ON t1 (id);\n");
  }
  const size_t migrations = postgres() ? 6 : 5;
  for (int round = 0; round < 3; ++round) {
    if (round > 0) {
      url_ = testing::FreshUrl(GetParam(), dir_);
      strata_.env["DATABASE_URL"] = url_;
    }
    for (const Outcome& o : strata_.AtOnce(8, {"up"})) EXPECT_EQ(o.exit_code, 0) << o.err;
    json events = Json({"history"})["events"];
    ASSERT_EQ(events.size(), migrations) << events.dump();
    std::set<std::string> versions;
    for (const auto& e : events) versions.insert(e["version"].get<std::string>());
    EXPECT_EQ(versions.size(), migrations);
    EXPECT_TRUE(Json({"validate"})["ok"]);
  }
}

TEST_P(ServerTest, RunnerKilledMidMigration) {
  Migration("001_ok.sql", "-- strata:up\nCREATE TABLE ok (id integer);\n");
  Migration("002_slow.sql", "-- strata:up\nCREATE TABLE slow (id integer);\n" +
                                std::string(postgres() ? "SELECT pg_sleep(${pause});\n" : "SELECT SLEEP(${pause});\n"));
  ASSERT_EQ(strata_({"up", "--count", "1"}).exit_code, 0);
  pid_t runner = strata_.Start({"up", "--set", "pause=30"}, "runner");
  ASSERT_TRUE(WaitForLock());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(runner, SIGKILL);
  EXPECT_EQ(strata_.Finish(runner, "runner").exit_code, 128 + SIGKILL);

  if (postgres()) {
    // Nothing of it remains, the lock is freed, and the next run applies it.
    EXPECT_FALSE(Runs("SELECT * FROM slow"));
    Outcome next = strata_({"up", "--set", "pause=0"});
    EXPECT_EQ(next.exit_code, 0) << next.err;
    EXPECT_EQ(Json({"status"})["summary"]["applied"], 2);
    return;
  }
  // MariaDB: the interruption is reported, `up` refuses naming it, and `repair` recovers.
  json status = Json({"status"});
  EXPECT_EQ(status["migrations"][1]["status"], "running") << status.dump();
  Outcome refused = strata_({"up", "--set", "pause=0"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("002 slow"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("interrupted at statement 2 (db/migrations/002_slow.sql:3)"), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("strata repair"), std::string::npos) << refused.err;
  EXPECT_TRUE(Runs("SELECT * FROM slow")) << "DDL before the kill committed on its own";
  Outcome repaired = strata_({"repair", "--applied"});
  EXPECT_EQ(repaired.exit_code, 0) << repaired.err;
  EXPECT_EQ(Json({"status"})["migrations"][1]["status"], "applied");
  EXPECT_EQ(strata_({"up"}).exit_code, 0);
}

// A run of row changes after a DDL statement: on MariaDB only the run's first statement is recorded
// before it runs (the others' records would be undone with them), so an interruption inside the run
// names where running again starts, and the run's rows are gone with it.
TEST_P(ServerTest, RunnerKilledInsideARunOfRowChanges) {
  Migration("001_rows.sql", "-- strata:up\nCREATE TABLE slow_rows (id integer);\n"
                            "INSERT INTO slow_rows VALUES (1);\nINSERT INTO slow_rows VALUES (2);\n" +
                                std::string(postgres() ? "SELECT pg_sleep(${pause});\n" : "SELECT SLEEP(${pause});\n") +
                                "INSERT INTO slow_rows VALUES (3);\n");
  pid_t runner = strata_.Start({"up", "--set", "pause=30"}, "runner");
  ASSERT_TRUE(WaitForLock());
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  kill(runner, SIGKILL);
  EXPECT_EQ(strata_.Finish(runner, "runner").exit_code, 128 + SIGKILL);

  if (postgres()) {
    EXPECT_FALSE(Runs("SELECT * FROM slow_rows")) << "one transaction: nothing of it remains";
    Outcome next = strata_({"up", "--set", "pause=0"});
    EXPECT_EQ(next.exit_code, 0) << next.err;
    return;
  }
  EXPECT_EQ(Json({"status"})["migrations"][0]["status"], "running");
  Outcome refused = strata_({"up", "--set", "pause=0"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("interrupted at statement 2 (db/migrations/001_rows.sql:3)"), std::string::npos)
      << refused.err;
  EXPECT_TRUE(Runs("SELECT * FROM slow_rows")) << "the DDL committed on its own";
  auto rows = Session()->sql()->Query("SELECT count(*) FROM slow_rows", {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0][0], SqlValue("0")) << "the run's rows went with the interruption";
}

TEST_P(ServerTest, LockStatusNamesTheHolderAndBreakEndsIt) {
  Migration("001_slow.sql", std::string("-- strata:up\n") + (postgres() ? "SELECT pg_sleep(30);\n" : "SELECT SLEEP(30);\n"));
  EXPECT_EQ(Json({"lock", "status"})["locked"], false);
  pid_t holder = strata_.Start({"--by", "deployer", "up"}, "holder");
  ASSERT_TRUE(WaitForLock());
  // The holder describes itself once its history tables exist (MySQL keeps it there): wait for that.
  std::string who;
  for (int i = 0; i < 50 && who.find("strata up") == std::string::npos; ++i) {
    json status = Json({"lock", "status"});
    who = status["holder"].is_string() ? status["holder"].get<std::string>() : "";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(who.find("strata up"), std::string::npos) << who;
  EXPECT_NE(who.find("deployer"), std::string::npos) << who;

  Outcome waiter = strata_({"--lock-timeout", "0.5", "up"});
  EXPECT_EQ(waiter.exit_code, 1);
  EXPECT_NE(waiter.err.find("waiting for the lock"), std::string::npos) << waiter.err;
  EXPECT_NE(waiter.err.find("deployer"), std::string::npos) << waiter.err;

  EXPECT_EQ(strata_({"lock", "break"}).exit_code, 2) << "breaking needs confirmation";
  Outcome broken = strata_({"lock", "break", "--yes"});
  EXPECT_EQ(broken.exit_code, 0) << broken.err;
  Outcome ended = strata_.Finish(holder, "holder");
  EXPECT_NE(ended.exit_code, 0) << "the holder's session was ended";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(Json({"lock", "status"})["locked"], false);
}

TEST_P(ServerTest, DdlWaitingForATableLockIsRetriedNotQueued) {
  Migration("001_t.sql", "-- strata:up\nCREATE TABLE t (id integer);\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  Migration("002_alter.sql", "-- strata:up\nALTER TABLE t ADD COLUMN note varchar(20);\n");
  auto blocker = Session();
  if (postgres()) {
    ASSERT_TRUE(blocker->Begin().ok());
    ASSERT_TRUE(blocker->Execute({"LOCK TABLE t IN ACCESS EXCLUSIVE MODE;", "", 1}).ok());
  } else {
    ASSERT_TRUE(blocker->Execute({"LOCK TABLES t WRITE;", "", 1}).ok());
  }
  pid_t runner = strata_.Start({"--ddl-lock-timeout", postgres() ? "0.3" : "1", "up"}, "runner");
  // Hold the table until the runner has been turned away at least once (on a loaded machine it may
  // take a while to start), then a little longer.
  for (int i = 0; i < 300 && testing::ReadFile(dir_.path() / ".errrunner").find("retrying") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(postgres() ? 300 : 500));
  if (postgres()) {
    ASSERT_TRUE(blocker->Rollback().ok());
  } else {
    ASSERT_TRUE(blocker->Execute({"UNLOCK TABLES;", "", 1}).ok());
  }
  Outcome o = strata_.Finish(runner, "runner");
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.err.find("retrying 002 alter"), std::string::npos) << o.err;
  EXPECT_EQ(Json({"status"})["migrations"][1]["status"], "applied");
}

TEST_P(ServerTest, MaxMigrationTimeStopsALongStatement) {
  Migration("001_long.sql", std::string("-- strata:up\nCREATE TABLE long_one (id integer);\n") +
                                (postgres() ? "SELECT pg_sleep(10);\n" : "SELECT SLEEP(10);\n"));
  strata_.env["MAX_MIGRATION_TIME"] = "1s";
  auto start = std::chrono::steady_clock::now();
  Outcome o = strata_({"up"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find(postgres() ? "statement timeout" : "max_statement_time"), std::string::npos) << o.err;
}

TEST_P(ServerTest, ErrorsNameFileLineAndTheServersWords) {
  Migration("001_bad.sql",
            "-- strata:up\nCREATE TABLE a (id integer);\nINSERT INTO a VALUES (1);\nSELECT id,\n  nope FROM a;\n");
  Outcome o = strata_({"up"});
  EXPECT_EQ(o.exit_code, 1);
  // PostgreSQL points at the offending token; MySQL names only the statement, which starts on line 4.
  EXPECT_NE(o.err.find(postgres() ? "db/migrations/001_bad.sql:5" : "db/migrations/001_bad.sql:4"), std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("nope"), std::string::npos) << o.err;
  if (postgres()) {
    EXPECT_NE(o.err.find("SQLSTATE 42703"), std::string::npos) << o.err;
    Migration("001_bad.sql", "-- strata:up\nSELECT no_such_function(1);\n");
    Outcome hinted = strata_({"up"});
    EXPECT_NE(hinted.err.find("hint: No function matches"), std::string::npos) << hinted.err;
  }
}

TEST_P(ServerTest, ASyntaxErrorNamesTheLineInTheFile) {
  // PostgreSQL gives the offending token's position; MySQL says "at line N" within the statement.
  Migration("001_bad.sql", "-- strata:up\nSELECT 1;\nSELECT 1,\n  2,\n  3 FROM FROM t;\n");
  Outcome o = strata_({"up"});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("db/migrations/001_bad.sql:5"), std::string::npos) << o.err;
}

TEST_P(ServerTest, DialectSyntaxRunsAsItsOwnClientWould) {
  if (postgres()) {
    Migration("001_pg.sql", R"(-- strata:up
/* nested /* comment; */ still; */
CREATE TABLE notes (id serial PRIMARY KEY, body text);
INSERT INTO notes (body) VALUES (E'it\'s; escaped'), ('semi;colon'), ($q$dollar; 'quoted'$q$);
CREATE FUNCTION note_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM notes); -- ; inside
END;
$$;
CREATE FUNCTION twice(n int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT n * 2; END;
-- strata:down
DROP FUNCTION twice(int);
DROP FUNCTION note_count();
DROP TABLE notes;
)");
    ASSERT_EQ(strata_({"up"}).exit_code, 0) << strata_({"status"}).err;
    EXPECT_TRUE(Runs("SELECT 1 WHERE note_count() = 3 AND twice(2) = 4"));
  } else {
    Migration("001_my.sql", R"(-- strata:up
# a hash comment; with a semicolon
CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL DEFAULT 0, note varchar(40));
INSERT INTO counters (id, note) VALUES (1, 'it\'s; escaped');
CREATE TRIGGER counters_bump BEFORE UPDATE ON counters FOR EACH ROW
BEGIN
  IF NEW.n < 0 THEN SET NEW.n = 0; END IF;
END;
DELIMITER //
CREATE PROCEDURE bump()
BEGIN
  UPDATE counters SET n = n + 1 WHERE id = 1;
  UPDATE counters SET n = n + 1 WHERE id = 1;
END//
DELIMITER ;
CALL bump();
CREATE TABLE audit (id int, n int);
DELIMITER $$
CREATE TRIGGER counters_audit AFTER UPDATE ON counters FOR EACH ROW BEGIN
  INSERT INTO audit VALUES (NEW.id, NEW.n);
  INSERT INTO audit VALUES (OLD.id, OLD.n);
END$$
DELIMITER ;
UPDATE counters SET n = 5 WHERE id = 1;
-- strata:down
DROP TRIGGER counters_audit;
DROP TABLE audit;
DROP PROCEDURE bump;
DROP TRIGGER counters_bump;
DROP TABLE counters;
)");
    Outcome up = strata_({"up"});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    EXPECT_TRUE(Runs("DO (SELECT IF(n = 5, 1, (SELECT 1 UNION SELECT 2)) FROM counters WHERE id = 1)"));
    // END$$ closed the trigger's body: both of its inserts ran, once each.
    EXPECT_TRUE(Runs("DO (SELECT IF(COUNT(*) = 2, 1, (SELECT 1 UNION SELECT 2)) FROM audit)"));
  }
  Outcome down = strata_({"down"});
  EXPECT_EQ(down.exit_code, 0) << down.err;
}

// What only PostgreSQL has.
class PostgresServerTest : public ServerTest {};

TEST_P(PostgresServerTest, FailedConcurrentIndexIsReportedByName) {
  Migration("001_dups.sql", "-- strata:up\nCREATE TABLE dups (v int);\nINSERT INTO dups VALUES (1), (1);\n");
  Migration("002_unique.sql", "-- strata:up transaction:false\nCREATE UNIQUE INDEX CONCURRENTLY dups_v ON dups (v);\n");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 1);
  Outcome validate = strata_({"validate"});
  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_NE(validate.out.find("dups_v"), std::string::npos) << validate.out;
  EXPECT_NE(validate.out.find("INVALID"), std::string::npos) << validate.out;
  // The table and its count line name it too, not only "1 problem(s)".
  Outcome text = strata_({"status"});
  EXPECT_NE(text.out.find("dups_v"), std::string::npos) << text.out;
  json status = Json({"status"});
  bool named = false;
  for (const auto& p : status["problems"]) named = named || p["message"].get<std::string>().find("dups_v") != std::string::npos;
  EXPECT_TRUE(named) << status.dump();
}

TEST_P(ServerTest, UrlOptionsAndTheLockUrl) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (id integer);\n");
  std::string with_options =
      url_ + (postgres() ? "&sslmode=disable&connect_timeout=5" : "?connect_timeout=5&ssl-mode=DISABLED");
  Outcome up = strata_({"--url", with_options, "--lock-url", url_, "up"});
  EXPECT_EQ(up.exit_code, 0) << up.err;
  Outcome bad = strata_({"--url", url_ + (postgres() ? "&sslmode=bogus" : "?bogus=1"), "status"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_EQ(bad.err.find("strata-test-pw"), std::string::npos) << "password printed: " << bad.err;
  EXPECT_EQ(strata_({"--url", url_, "--lock-url", "sqlite:x.db", "status"}).exit_code, 2);
}

TEST_P(PostgresServerTest, StandardEnvironmentVariablesFillTheUrl) {
  auto base = ParseUrl(GetParam().base_url);
  ASSERT_TRUE(base.ok());
  strata_.env["PGHOST"] = base->host;
  strata_.env["PGPORT"] = std::to_string(base->port.value_or(5432));
  strata_.env["PGUSER"] = base->user;
  strata_.env["PGDATABASE"] = base->path;
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (id integer);\n");
  std::string schema = url_.substr(url_.find("schema=") + 7);
  Outcome up = strata_({"--url", "postgres://?schema=" + schema, "up"});
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_TRUE(Runs("SELECT * FROM a"));
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerTest, ::testing::ValuesIn(testing::ServerBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Servers, PostgresServerTest, ::testing::ValuesIn(testing::BackendsNamed({"postgres"})),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ServerTest);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PostgresServerTest);

}  // namespace
}  // namespace strata
