// End-to-end: the defects a new user met on an ordinary day, each as that user meets it (the built
// binary on a temporary directory), on every SQL backend where the defect could occur.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

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

using testing::Contains;

// Every SQL backend: what a migration or the history does must not depend on which one it is.
class EveryBackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  EveryBackendTest() : strata_(dir_.path()) {}
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    strata_.env["DATABASE_URL"] = url_;
  }
  void Migration(const std::string& file, const std::string& content) { dir_.Write("db/migrations/" + file, content); }
  json Json(const std::vector<std::string>& args, int expected_exit = 0) {
    std::vector<std::string> with = args;
    with.insert(with.begin(), "--json");
    Outcome o = strata_(with);
    EXPECT_EQ(o.exit_code, expected_exit) << o.out << o.err;
    return json::parse(o.out, nullptr, false);
  }
  // A session of the test's own, closed before strata runs again (DuckDB lets one process in).
  Result<std::vector<SqlRow>> Sql(const std::string& sql) {
    auto c = (*FindDriver(url_))->Connect(url_, {});
    if (!c.ok()) return c.status();
    return (*c)->sql()->Query(sql, {});
  }
  bool Exists(const std::string& table) { return Sql("SELECT 1 FROM " + table + " WHERE 1 = 0").ok(); }
  std::string Value(const std::string& sql) {
    auto rows = Sql(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() && !rows->empty() && !(*rows)[0].empty() ? (*rows)[0][0].value_or("NULL") : "";
  }

  TempDir dir_;
  Strata strata_;
  std::string url_;
};

INSTANTIATE_TEST_SUITE_P(Backends, EveryBackendTest, ::testing::ValuesIn(testing::Backends()),
                         [](const auto& info) { return info.param.name; });

// Defect 2: COMMIT or ROLLBACK inside a transactional migration escaped strata's transaction.
TEST_P(EveryBackendTest, TransactionControlInsideATransactionalMigrationIsRefused) {
  Migration("001_commit.sql",
            "-- strata:up\nCREATE TABLE c1 (i INT);\nCOMMIT;\nCREATE TABLE c2 (i INT);\nINSERT INTO nowhere VALUES (1);\n");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_TRUE(Contains(up.err, "db/migrations/001_commit.sql:3")) << up.err;
  EXPECT_TRUE(Contains(up.err, "transaction:false")) << up.err;
  json status = Json({"status"});
  EXPECT_EQ(status["migrations"][0]["status"], "failed");
  if (GetParam().transactional_ddl) {
    EXPECT_FALSE(Exists("c1"));  // refused before it ran: nothing of the migration remains
    EXPECT_EQ(status["migrations"][0]["dirty"], false);
    EXPECT_EQ(strata_({"validate"}).exit_code, 0);  // a clean failure: the next up tries again
  }

  Migration("001_commit.sql", "-- strata:up\nCREATE TABLE r1 (i INT);\nROLLBACK;\nCREATE TABLE r2 (i INT);\n");
  if (!GetParam().transactional_ddl) return;  // the failed CREATE TABLE c1 above stays on MySQL
  Outcome rolled = strata_({"up"});
  EXPECT_EQ(rolled.exit_code, 1);
  EXPECT_TRUE(Contains(rolled.err, "ROLLBACK inside a migration")) << rolled.err;
  EXPECT_TRUE(Contains(rolled.err, "001_commit.sql:3")) << rolled.err;
  EXPECT_FALSE(Exists("r1"));

  // A file wrapped in BEGIN ... COMMIT (golang-migrate's habit) only says what strata does anyway.
  Migration("001_commit.sql", "-- strata:up\nBEGIN;\nCREATE TABLE w1 (i INT);\nINSERT INTO w1 VALUES (1);\nCOMMIT;\n");
  Outcome wrapped = strata_({"up"});
  EXPECT_EQ(wrapped.exit_code, 0) << wrapped.err;
  EXPECT_EQ(Value("SELECT count(*) FROM w1"), "1");

  // With transaction:false the file controls its own transactions.
  Migration("002_own.sql", "-- strata:up transaction:false\nCREATE TABLE o1 (i INT);\n");
  EXPECT_EQ(strata_({"up"}).exit_code, 0);
}

// Defect 3: a history edited into nonsense was trusted.
TEST_P(EveryBackendTest, HistoryEditedIntoNonsenseStopsEveryCommand) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\nINSERT INTO a VALUES (1);\n");
  Migration("002_b.sql", "-- strata:up\nINSERT INTO a VALUES (2);\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  ASSERT_TRUE(Sql("UPDATE strata_migrations SET version = 'abc' WHERE version = '002'").ok());
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{{"up"}, {"status"}, {"validate"}}) {
    Outcome o = strata_(command);
    EXPECT_EQ(o.exit_code, 2) << command[0] << o.out << o.err;
    EXPECT_TRUE(Contains(o.err, "'abc'")) << o.err;
    EXPECT_TRUE(Contains(o.err, "nothing was changed")) << o.err;
  }
  EXPECT_EQ(Value("SELECT count(*) FROM a"), "2");  // 002 did not run again

  ASSERT_TRUE(Sql("UPDATE strata_migrations SET version = '002', checksum = '' WHERE version = 'abc'").ok());
  Outcome no_checksum = strata_({"validate"});
  EXPECT_EQ(no_checksum.exit_code, 2);
  EXPECT_TRUE(Contains(no_checksum.err, "no checksum")) << no_checksum.err;

  ASSERT_TRUE(Sql("UPDATE strata_migrations SET checksum = 'sha256:00' WHERE version = '002'").ok());
  ASSERT_TRUE(Sql("UPDATE strata_migrations_meta SET meta_value = 'banana' WHERE meta_key = 'layout'").ok());
  Outcome banana = strata_({"up"});
  EXPECT_EQ(banana.exit_code, 2);
  EXPECT_TRUE(Contains(banana.err, "'banana'")) << banana.err;
}

TEST_P(EveryBackendTest, AnotherToolsHistoryTableIsLeftAlone) {
  ASSERT_TRUE(Sql("CREATE TABLE strata_migrations (id INT, applied TEXT)").ok());
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 2);
  EXPECT_TRUE(Contains(up.err, "strata did not make it")) << up.err;
  EXPECT_TRUE(Contains(up.err, "--table")) << up.err;
  EXPECT_FALSE(Exists("strata_migrations_meta"));
  EXPECT_FALSE(Exists("a"));
  EXPECT_EQ(strata_({"--table", "strata_history", "up"}).exit_code, 0);
}

// Found by the crash trials: a run killed while it created the history (MySQL's DDL is not
// transactional) left some of it; the next run finishes it instead of failing on what exists.
TEST_P(EveryBackendTest, AHistoryCreatedHalfWayIsFinished) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  ASSERT_TRUE(Sql("DROP TABLE strata_migrations_meta").ok());
  Migration("002_b.sql", "-- strata:up\nCREATE TABLE b (i INT);\n");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Json({"status"})["summary"]["applied"], 2);
}

// Defect 9: versions named on the command line that do not exist.
TEST_P(EveryBackendTest, UnknownTargetVersionsAreUsageErrors) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n-- strata:down\nDROP TABLE a;\n");
  Migration("003_b.sql", "-- strata:up\nCREATE TABLE b (i INT);\n-- strata:down\nDROP TABLE b;\n");
  for (const std::vector<std::string>& command :
       std::vector<std::vector<std::string>>{{"up", "--to", "999"}, {"up", "--to", "2"}, {"baseline", "999"}}) {
    Outcome o = strata_(command);
    EXPECT_EQ(o.exit_code, 2) << o.err;
    EXPECT_TRUE(Contains(o.err, "no migration has that version")) << o.err;
  }
  Outcome two = strata_({"up", "--to", "2"});
  EXPECT_TRUE(Contains(two.err, "001 a and 003 b")) << two.err;  // the nearest on both sides
  EXPECT_EQ(Json({"status"})["summary"]["applied"], 0);
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_EQ(strata_({"down", "--to", "5"}).exit_code, 2);
  EXPECT_EQ(Json({"status"})["summary"]["applied"], 2);
  EXPECT_EQ(strata_({"down", "--to", "0"}).exit_code, 0);  // 0: before every version
  EXPECT_EQ(Json({"status"})["summary"]["applied"], 0);
}

// Defect 12: one version must never get two history rows.
TEST_P(EveryBackendTest, ARenamedVersionKeepsOneHistoryRow) {
  Migration("10_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n-- strata:down\nDROP TABLE a;\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  std::filesystem::rename(dir_.path() / "db/migrations/10_a.sql", dir_.path() / "db/migrations/010_a.sql");
  ASSERT_EQ(strata_({"revert", "10"}).exit_code, 0);
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_EQ(Value("SELECT count(*) FROM strata_migrations"), "1");
  EXPECT_EQ(Value("SELECT status FROM strata_migrations"), "applied");
  EXPECT_EQ(strata_({"validate"}).exit_code, 0);
}

// Defect 13: a dry run failed what the real run does, and left files behind.
TEST_P(EveryBackendTest, DryRunAfterAPreviewedStepReportsUntestedNotFailed) {
  const std::string outside = GetParam().transactional_ddl ? " transaction:false" : "";
  Migration("001_a.sql", "-- strata:up" + outside + "\nCREATE TABLE a (i INT);\n");
  Migration("002_b.sql", "-- strata:up\nINSERT INTO a VALUES (1);\n");
  json dry = Json({"up", "--dry-run"});
  ASSERT_EQ(dry["migrations"].size(), 2u) << dry.dump();
  EXPECT_EQ(dry["migrations"][1]["outcome"], "untested");
  EXPECT_TRUE(Contains(dry["migrations"][1]["note"].get<std::string>(), "001 a")) << dry.dump();
  EXPECT_EQ(strata_({"up"}).exit_code, 0);
}

// Defect 14: down of an edited migration ran the edited down part without a word.
TEST_P(EveryBackendTest, DownOfAnEditedMigrationNeedsAChoice) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n-- strata:down\nDROP TABLE a;\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n-- strata:down\nDROP TABLE nothing_here;\n");
  Outcome refused = strata_({"down"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.err, "--use-stored-down")) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "down part differs")) << refused.err;
  EXPECT_TRUE(Exists("a"));

  Outcome diff = strata_({"show", "1", "--diff"});
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_TRUE(Contains(diff.out, "-DROP TABLE a;")) << diff.out;
  EXPECT_TRUE(Contains(diff.out, "+DROP TABLE nothing_here;")) << diff.out;
  Outcome shown = strata_({"show", "1"});
  // `up` hands its texts on instead of copying them: the history still holds the whole up part.
  EXPECT_TRUE(Contains(shown.out, "== up, as stored when applied\nCREATE TABLE a (i INT);\n")) << shown.out;
  EXPECT_TRUE(Contains(shown.out, "DROP TABLE a;")) << shown.out;
  EXPECT_FALSE(Contains(shown.out, "nothing_here")) << shown.out;

  Outcome stored = strata_({"down", "--use-stored-down"});
  EXPECT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_FALSE(Exists("a"));
}

// Defect 17: a file deleted on purpose kept validate red forever.
TEST_P(EveryBackendTest, RepairForgetAcceptsADeletedFile) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  Migration("002_b.sql", "-- strata:up\nCREATE TABLE b (i INT);\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  std::filesystem::remove(dir_.path() / "db/migrations/001_a.sql");
  Outcome missing = strata_({"validate"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(Contains(missing.out, "repair --forget 001")) << missing.out;
  EXPECT_EQ(strata_({"repair", "--forget", "2"}).exit_code, 2);  // its file is there
  Outcome forgot = strata_({"repair", "--forget", "1"});
  EXPECT_EQ(forgot.exit_code, 0) << forgot.err;
  EXPECT_EQ(strata_({"validate"}).exit_code, 0);
  json events = Json({"history"})["events"];
  EXPECT_TRUE(Contains(events.back()["error"].get<std::string>(), "deleted on purpose")) << events.dump();
  // Restored from version control, it does not run again.
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  EXPECT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_EQ(Json({"status"})["summary"]["applied"], 2);
}

// The SQLite-only defects: files, messages, the command line.
class SqliteCorrectnessTest : public ::testing::Test {
 protected:
  SqliteCorrectnessTest() : strata_(dir_.path()) { strata_.env["DATABASE_URL"] = "sqlite:app.db"; }
  void Migration(const std::string& file, const std::string& content) { dir_.Write("db/migrations/" + file, content); }
  std::filesystem::path Dir() const { return dir_.path() / "db/migrations"; }
  json Status() { return json::parse(strata_({"--json", "status"}).out, nullptr, false); }

  TempDir dir_;
  Strata strata_;
};

// Defect 1: a NUL silently ended a migration.
TEST_F(SqliteCorrectnessTest, ANulByteIsAnErrorNamingFileAndLine) {
  static const char kText[] = "-- strata:up\nCREATE TABLE a (i INT);\0\nCREATE TABLE b (i INT);\n";
  Migration("001_n.sql", std::string(kText, sizeof(kText) - 1));
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_TRUE(Contains(up.err, "001_n.sql:2")) << up.err;
  EXPECT_TRUE(Contains(up.err, "NUL")) << up.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "app.db")) << "refused before the database was opened";
}

// Defect 4: an entry named like a migration that cannot be read was skipped.
TEST_F(SqliteCorrectnessTest, ABrokenOrLoopingSymlinkIsAnError) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  Migration("003_c.sql", "-- strata:up\nCREATE TABLE c (i INT);\n");
  std::filesystem::create_symlink("nowhere.sql", Dir() / "002_b.sql");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_TRUE(Contains(up.err, "002_b.sql")) << up.err;
  EXPECT_TRUE(Contains(up.err, "symbolic link")) << up.err;
  std::filesystem::remove(Dir() / "002_b.sql");
  std::filesystem::create_symlink("002_b.sql", Dir() / "002_b.sql");  // a loop
  EXPECT_EQ(strata_({"up"}).exit_code, 1);
  std::filesystem::remove(Dir() / "002_b.sql");
  std::filesystem::create_directory(Dir() / "002_b.sql");
  Outcome directory = strata_({"up"});
  EXPECT_EQ(directory.exit_code, 1);
  EXPECT_TRUE(Contains(directory.err, "a directory")) << directory.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "app.db")) << "refused before the database was opened";
}

// Defect 6: golang-migrate pairs whose halves are named differently.
TEST_F(SqliteCorrectnessTest, GolangMigrateHalvesPairByVersionAndDirection) {
  Migration("20230313141439000001_session_token_length.up.sql", "CREATE TABLE s (t TEXT);\n");
  Migration("20230313141439000001_session_token_length.sqlite3.down.sql", "DROP TABLE s;\n");
  Outcome list = strata_({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(Contains(list.out, "different names")) << list.out;
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_EQ(strata_({"down"}).exit_code, 0);
  // Two up halves are still two files for one version.
  Migration("20230313141439000001_other.up.sql", "SELECT 1;\n");
  EXPECT_EQ(strata_({"list"}).exit_code, 1);
}

// Defect 8: baseline of a code migration stored a placeholder down text. The CLI has no code: the
// record must say "code" (tests/engine/startup_test checks the library side), here a stored
// record without the code is refused instead of run.
TEST_F(SqliteCorrectnessTest, ARecordOfCodeIsNeverRevertedFromTheCommandLine) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  auto c = (*FindDriver("sqlite:" + (dir_.path() / "app.db").string()))->Connect("sqlite:" + (dir_.path() / "app.db").string(), {});
  ASSERT_TRUE(c.ok());
  HistoryRecord code;
  code.version = "2";
  code.name = "backfill";
  code.checksum = "sha256:00";
  code.apply_order = 9;
  code.category = "code";
  code.up_text = "-- code migration";
  ASSERT_TRUE((*c)->history().Save(code).ok());
  c->reset();
  Outcome down = strata_({"down"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_TRUE(Contains(down.err, "C++ code migration")) << down.err;
}

// Defect 11: messages that did not say what and where.
TEST_F(SqliteCorrectnessTest, MessagesSayWhatAndWhere) {
  dir_.Write("app.db", "this is a text file, not a database\n");
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  Outcome not_db = strata_({"up"});
  EXPECT_EQ(not_db.exit_code, 1);
  EXPECT_TRUE(Contains(not_db.err, "'app.db' is not a SQLite database")) << not_db.err;

  dir_.Write("file_not_dir", "x");
  Outcome file_dir = strata_({"--dir", "file_not_dir", "list"});
  EXPECT_EQ(file_dir.exit_code, 2);
  EXPECT_TRUE(Contains(file_dir.err, "is a file, not a directory")) << file_dir.err;

  for (const char* count : {"abc", "-1"}) {
    Outcome o = strata_({"up", "--count", count});
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_TRUE(Contains(o.err, "not a whole number")) << o.err;
    EXPECT_LT(o.err.size(), 200u) << o.err;
  }

  Migration("002_mac.sql", "-- strata:up\rCREATE TABLE mac (i INT);\r-- strata:down\rDROP TABLE mac;\r");
  Outcome mac = strata_({"list"});
  EXPECT_EQ(mac.exit_code, 1);
  EXPECT_TRUE(Contains(mac.err, "002_mac.sql")) << mac.err;
  EXPECT_TRUE(Contains(mac.err, "carriage return")) << mac.err;
  EXPECT_FALSE(Contains(mac.err, "\r")) << "a raw CR overwrites the file name on a terminal";
}

// Defect 16: files that look like migrations were skipped without a word; JSON on SQLite.
TEST_F(SqliteCorrectnessTest, FilesNotReadAreNamedWithTheNameThatWouldBe) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  Migration("v12__add_users.sql", "CREATE TABLE users (i INT);\n");  // Flyway's V12__ is read; v12__ is not
  Migration("11_x.SQL", "-- strata:up\nSELECT 1;\n");
  Migration("README.md", "not a migration\n");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 0);
  EXPECT_TRUE(Contains(up.err, "v12__add_users.sql is not read")) << up.err;
  EXPECT_TRUE(Contains(up.err, "rename it to V12__add_users.sql")) << up.err;
  EXPECT_TRUE(Contains(up.err, "rename it to 11_x.sql")) << up.err;
  EXPECT_FALSE(Contains(up.err, "README")) << up.err;
  json list = json::parse(strata_({"--json", "list"}).out);
  EXPECT_EQ(list["not_read"].size(), 2u) << list.dump();

  Migration("002_mongo.json", R"({"up": [{"create": "users"}], "down": []})");
  Outcome json_on_sqlite = strata_({"up"});
  EXPECT_EQ(json_on_sqlite.exit_code, 1);
  EXPECT_TRUE(Contains(json_on_sqlite.err, "JSON migrations are for MongoDB")) << json_on_sqlite.err;
}

// Defect 13 (second half) and 15: commands that change nothing leave nothing and never hang.
TEST_F(SqliteCorrectnessTest, ReadersAndDryRunsLeaveNoFileBehind) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  std::vector<std::string> schemes = {"sqlite"};
#ifdef STRATA_WITH_DUCKDB
  schemes.push_back("duckdb");
#endif
  for (const std::string& scheme : schemes) {
    const std::string url = scheme + ":" + scheme + ".db";
    Outcome dry = strata_({"--url", url, "up", "--dry-run"});
    EXPECT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_TRUE(Contains(dry.out, "1 would be applied")) << dry.out;
    EXPECT_EQ(strata_({"--url", url, "status"}).exit_code, 0);
    EXPECT_EQ(strata_({"--url", url, "health"}).exit_code, 1);  // pending
    for (const std::string& left : {scheme + ".db", scheme + ".db.strata-lock", scheme + ".db.wal"}) {
      EXPECT_FALSE(std::filesystem::exists(dir_.path() / left)) << left;
    }
    EXPECT_EQ(strata_({"--url", url, "up"}).exit_code, 0);
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / (scheme + ".db")));
  }
}

TEST_F(SqliteCorrectnessTest, StatusAndHealthAnswerAtOnceWhileAMigrationWrites) {
  // Writes past SQLite's page cache, so the runner holds the file exclusively (readers cannot read
  // until it commits), then keeps its transaction open for seconds of work.
  Migration("001_slow.sql",
            "-- strata:up\nCREATE TABLE big (i INTEGER, pad TEXT);\n"
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)\n"
            "INSERT INTO big SELECT i, printf('%0100d', i) FROM n;\n"
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000000) SELECT count(*) FROM c;\n");
  pid_t runner = strata_.Start({"up"}, "slow");
  // Wait until the runner holds the lock and the database is busy.
  bool busy = false;
  for (int i = 0; i < 200 && !busy; ++i) {
    usleep(50 * 1000);
    json status = Status();
    busy = status.contains("unreadable") && !status["unreadable"].is_null();
  }
  ASSERT_TRUE(busy) << "the migration never kept readers out; make it larger";
  auto start = std::chrono::steady_clock::now();
  Outcome health = strata_({"health"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(health.exit_code, 1);
  EXPECT_TRUE(Contains(health.out, "\"in_progress\"")) << health.out << health.err;
  Outcome status = strata_({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.out, "a migration is in progress (strata up")) << status.out;
  Outcome validate = strata_({"validate"});
  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_TRUE(Contains(validate.err, "a migration is in progress (strata up")) << validate.err;
  EXPECT_EQ(strata_.Finish(runner, "slow").exit_code, 0);
  EXPECT_EQ(Status()["summary"]["applied"], 1);
}

// Defect 18: help, version, unknown commands, hints in the words of each format.
TEST_F(SqliteCorrectnessTest, HelpVersionAndTheClosestCommand) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{{}, {"help"}, {"--help"}}) {
    Outcome o = strata_(args);
    EXPECT_EQ(o.exit_code, args.empty() ? 2 : 0);  // no command at all is a usage error, with the usage
    EXPECT_TRUE(Contains(o.out, "Subcommands:")) << o.out << o.err;
  }
  EXPECT_TRUE(Contains(strata_({"help", "up"}).out, "--dry-run"));
  EXPECT_EQ(strata_({"version"}).out, "strata 0.1.0\n");
  Outcome typo = strata_({"--url", "sqlite:x.db", "stauts"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_TRUE(Contains(typo.err, "unknown command 'stauts' (did you mean 'status'?)")) << typo.err;
  EXPECT_TRUE(Contains(strata_({"create", "x"}).err, "did you mean 'new'?"));

  Migration("001_dbmate.sql", "-- migrate:up\nCREATE TABLE a (i INT);\n");
  Migration("002_pair.up.sql", "CREATE TABLE b (i INT);\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_TRUE(Contains(strata_({"down"}).err, "002_pair.down.sql"));
  EXPECT_TRUE(Contains(strata_({"revert", "1"}).err, "-- migrate:down"));

  Migration("003_vacuum.sql", "-- strata:up\nVACUUM;\n");
  Outcome vacuum = strata_({"up"});
  EXPECT_EQ(vacuum.exit_code, 1);
  EXPECT_TRUE(Contains(vacuum.err, "transaction:false")) << vacuum.err;
}

// Defect 19: what docs/migration-files.md ("Checksums") says. A BOM is not part of the text, so adding one does not modify an
// applied file; status says who applied each migration, with times in UTC marked Z as history does.
TEST_F(SqliteCorrectnessTest, AByteOrderMarkDoesNotChangeTheChecksum) {
  Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  ASSERT_EQ(strata_({"--by", "ada@ci", "up"}).exit_code, 0);
  Outcome status = strata_({"status"});
  EXPECT_TRUE(Contains(status.out, "APPLIED AT (UTC)")) << status.out;
  EXPECT_TRUE(Contains(status.out, " BY ")) << status.out;
  EXPECT_TRUE(Contains(status.out, "ada@ci")) << status.out;
  EXPECT_TRUE(Contains(status.out, "Z  ada@ci")) << status.out;
  json lock_break = json::parse(strata_({"--json", "lock", "break"}).out, nullptr, false);
  EXPECT_TRUE(lock_break["broken"].is_null()) << lock_break.dump();  // docs/json-output.md's word for a free lock
  Migration("001_a.sql", "\xEF\xBB\xBF-- strata:up\nCREATE TABLE a (i INT);\n");
  EXPECT_EQ(strata_({"validate"}).exit_code, 0) << strata_({"validate"}).out;
  Migration("001_a.sql", "-- strata:up\r\nCREATE TABLE a (i INT);\r\n");  // CRLF, as a Windows checkout
  EXPECT_EQ(strata_({"validate"}).exit_code, 0);
}

}  // namespace
}  // namespace strata
