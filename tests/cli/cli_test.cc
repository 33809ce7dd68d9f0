// End-to-end: the built `strata` binary run on temporary directories, as a user runs it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <set>
#include <tuple>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Outcome;
using testing::ReadFile;
using testing::Strata;
using testing::TempDir;

class CliTest : public ::testing::Test {
 protected:
  CliTest() : strata_(dir_.path()) { strata_.env["DATABASE_URL"] = "sqlite:app.db"; }

  void Migration(const std::string& file, const std::string& content) { dir_.Write("db/migrations/" + file, content); }
  void ThreeMigrations() {
    Migration("001_users.sql", "-- strata:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
                               "-- strata:down\nDROP TABLE users;\n");
    Migration("002_seed.sql", "-- migrate:up\nINSERT INTO users (name) VALUES ('a;b'), ('c');\n"
                              "-- migrate:down\nDELETE FROM users;\n");
    Migration("003_posts.up.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n");
    Migration("003_posts.down.sql", "DROP TABLE posts;\n");
  }
  json Json(const std::vector<std::string>& args, int expected_exit = 0) {
    std::vector<std::string> with_json = args;
    with_json.insert(with_json.begin(), "--json");
    Outcome o = strata_(with_json);
    EXPECT_EQ(o.exit_code, expected_exit) << o.out << o.err;
    return json::parse(o.out, nullptr, false);
  }
  json Status() { return Json({"status"}); }

  TempDir dir_;
  Strata strata_;
};

TEST_F(CliTest, NewCreatesMigrationsFromTheTemplate) {
  Outcome first = strata_({"new", "create users", "--sequential"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "db/migrations/001_create_users.sql\n");
  EXPECT_EQ(strata_({"new", "next", "--sequential"}).out, "db/migrations/002_next.sql\n");
  Outcome stamped = strata_({"new", "later"});
  ASSERT_EQ(stamped.exit_code, 0);
  EXPECT_EQ(stamped.out.size(), std::string("db/migrations/20261122093000_later.sql\n").size()) << stamped.out;
  EXPECT_NE(ReadFile(dir_.path() / first.out.substr(0, first.out.size() - 1)).find("-- strata:up"), std::string::npos);
  EXPECT_EQ(strata_({"new", "bad/name"}).exit_code, 2);
  // New migrations are valid no-ops.
  EXPECT_EQ(strata_({"up"}).exit_code, 0);
}

TEST_F(CliTest, UpStatusDownRoundTrip) {
  ThreeMigrations();
  Outcome up = strata_({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_NE(up.out.find("3 applied, 0 skipped, 0 failed"), std::string::npos) << up.out;

  json status = Status();
  EXPECT_EQ(status["current_version"], "003");
  EXPECT_EQ(status["summary"]["total"], 3);
  EXPECT_EQ(status["summary"]["applied"], 3);
  EXPECT_EQ(status["summary"]["pending"], 0);
  ASSERT_EQ(status["migrations"].size(), 3u);
  const json& m = status["migrations"][1];
  for (const char* key : {"version", "name", "status", "checksum", "applied_at", "applied_by", "duration_ms", "error",
                          "modified", "missing"}) {
    EXPECT_TRUE(m.contains(key)) << key;
  }
  EXPECT_EQ(m["status"], "applied");
  EXPECT_EQ(m["name"], "seed");
  EXPECT_EQ(m["modified"], false);

  Outcome human = strata_({"status"});
  EXPECT_NE(human.out.find("current version: 003"), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("3 migrations: 3 applied, 0 pending"), std::string::npos) << human.out;
  EXPECT_EQ(human.out.find("\033["), std::string::npos) << "colour when not on a terminal";

  EXPECT_EQ(strata_({"down"}).exit_code, 0);
  EXPECT_EQ(Status()["current_version"], "002");
  EXPECT_EQ(strata_({"down", "--count", "2"}).exit_code, 0);
  EXPECT_TRUE(Status()["current_version"].is_null());
  EXPECT_EQ(Status()["summary"]["reverted"], 3);
  EXPECT_EQ(strata_({"up", "--to", "2"}).exit_code, 0);
  EXPECT_EQ(Status()["current_version"], "002");
  EXPECT_EQ(strata_({"up", "--count", "1"}).exit_code, 0);
  EXPECT_EQ(Status()["current_version"], "003");
  EXPECT_EQ(strata_({"down", "--to", "1"}).exit_code, 0);
  EXPECT_EQ(Status()["current_version"], "001");
  EXPECT_EQ(strata_({"down", "--all"}).exit_code, 0);  // not a terminal: no question
  EXPECT_EQ(Status()["summary"]["applied"], 0);
}

TEST_F(CliTest, RunAndRevertOne) {
  ThreeMigrations();
  EXPECT_EQ(strata_({"run", "1"}).exit_code, 0);
  EXPECT_EQ(Status()["migrations"][0]["status"], "applied");
  EXPECT_EQ(Status()["migrations"][1]["status"], "pending");
  Outcome twice = strata_({"run", "001"});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("already applied"), std::string::npos);
  EXPECT_EQ(strata_({"revert", "1"}).exit_code, 0);
  EXPECT_EQ(Status()["migrations"][0]["status"], "reverted");
  EXPECT_EQ(strata_({"revert", "x1"}).exit_code, 2);
}

TEST_F(CliTest, FailingMigrationNamesFileLineAndDatabaseMessage) {
  Migration("1_ok.sql", "-- strata:up\nCREATE TABLE ok (id INTEGER);\n");
  Migration("2_bad.sql", "-- strata:up\nCREATE TABLE t (id INTEGER);\n\nINSERT INTO nope VALUES (1);\n");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_NE(up.err.find("db/migrations/2_bad.sql:4"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("no such table: nope"), std::string::npos) << up.err;
  EXPECT_NE(up.out.find("1 applied, 0 skipped, 1 failed"), std::string::npos) << up.out;
  json status = Status();
  EXPECT_EQ(status["migrations"][0]["status"], "applied");
  EXPECT_EQ(status["migrations"][1]["status"], "failed");
  EXPECT_NE(status["migrations"][1]["error"].get<std::string>().find("no such table"), std::string::npos);

  json report = Json({"up"}, 1);
  EXPECT_EQ(report["ok"], false);
  EXPECT_EQ(report["error"]["file"], "db/migrations/2_bad.sql");
  EXPECT_EQ(report["error"]["line"], 4);
  EXPECT_EQ(report["error"]["database_message"], "no such table: nope");
}

TEST_F(CliTest, DryRunLeavesTheDatabaseFileUnchanged) {
  ThreeMigrations();
  ASSERT_EQ(strata_({"up", "--count", "1"}).exit_code, 0);
  std::string before = ReadFile(dir_.path() / "app.db");
  Outcome dry = strata_({"up", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would apply"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("dry run"), std::string::npos);
  EXPECT_EQ(ReadFile(dir_.path() / "app.db"), before);
  EXPECT_EQ(strata_({"down", "--all", "--dry-run"}).exit_code, 0);
  EXPECT_EQ(strata_({"revert", "1", "--dry-run"}).exit_code, 0);
  EXPECT_EQ(strata_({"run", "2", "--dry-run"}).exit_code, 0);
  EXPECT_EQ(ReadFile(dir_.path() / "app.db"), before);
  EXPECT_EQ(Status()["summary"]["applied"], 1);

  Migration("004_bad.sql", "-- strata:up\nINSERT INTO nope VALUES (1);\n");
  Outcome failing = strata_({"up", "--dry-run"});
  EXPECT_EQ(failing.exit_code, 1);
  EXPECT_NE(failing.err.find("004_bad.sql:2"), std::string::npos) << failing.err;
  EXPECT_EQ(ReadFile(dir_.path() / "app.db"), before);
}

TEST_F(CliTest, TransactionFalseRunsVacuum) {
  Migration("1_t.sql", "-- strata:up\nCREATE TABLE t (id INTEGER);\n");
  Migration("2_vacuum.sql", "-- migrate:up transaction:false\nVACUUM;\n-- migrate:down\n");
  Outcome dry = strata_({"up", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0);
  EXPECT_NE(dry.out.find("untested"), std::string::npos) << dry.out;
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Status()["summary"]["applied"], 2);
  json list = Json({"list"});
  EXPECT_EQ(list["migrations"][1]["up_transaction"], false);
  EXPECT_EQ(list["migrations"][1]["format"], "dbmate");
}

TEST_F(CliTest, ValidateReportsModifiedMissingAndOutOfOrder) {
  ThreeMigrations();
  Migration("002_seed.sql", "-- strata:up\n");
  std::filesystem::rename(dir_.path() / "db/migrations/002_seed.sql", dir_.path() / "seed.bak");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);  // applies 1 and 3
  std::filesystem::rename(dir_.path() / "seed.bak", dir_.path() / "db/migrations/002_seed.sql");
  Migration("001_users.sql", "-- strata:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, x INT);\n");
  std::filesystem::remove(dir_.path() / "db/migrations/003_posts.up.sql");
  std::filesystem::remove(dir_.path() / "db/migrations/003_posts.down.sql");

  json problems = Json({"validate"}, 1);
  ASSERT_EQ(problems["problems"].size(), 3u) << problems.dump();
  std::set<std::string> kinds;
  for (const auto& p : problems["problems"]) kinds.insert(p["kind"]);
  EXPECT_EQ(kinds, (std::set<std::string>{"modified", "missing", "out_of_order"}));
  json status = Status();
  EXPECT_EQ(status["migrations"][0]["modified"], true);
  EXPECT_EQ(status["migrations"][2]["missing"], true);

  Outcome refused = strata_({"up"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("validation failed"), std::string::npos) << refused.err;
  Outcome forced = strata_({"up", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.out.find("skipped"), std::string::npos) << forced.out;
  EXPECT_EQ(Status()["migrations"][1]["status"], "pending");
  EXPECT_EQ(strata_({"up", "--force", "--allow-out-of-order"}).exit_code, 0);
  EXPECT_EQ(Status()["migrations"][1]["status"], "applied");

  Outcome repair = strata_({"repair"});
  EXPECT_EQ(repair.exit_code, 0) << repair.err;
  EXPECT_NE(repair.out.find("realigned"), std::string::npos) << repair.out;
  json after = Json({"validate"}, 1);  // the missing file is still missing
  ASSERT_EQ(after["problems"].size(), 1u);
  EXPECT_EQ(after["problems"][0]["kind"], "missing");
}

TEST_F(CliTest, IrreversibleMigrationIsNotReverted) {
  Migration("1_a.sql", "-- strata:up\nCREATE TABLE a (id INTEGER);\n-- strata:down\nDROP TABLE a;\n");
  Migration("2_b.sql", "-- strata:up\nCREATE TABLE b (id INTEGER);\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  Outcome down = strata_({"down", "--all"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.err.find("2 b has no down part"), std::string::npos) << down.err;
  EXPECT_EQ(Status()["summary"]["applied"], 2) << "nothing may be reverted";
}

TEST_F(CliTest, BadFilesApplyNothing) {
  ThreeMigrations();
  for (auto [file, content, mention] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"004_dup.sql", "-- strata:up\n", "04_dup.sql"},
           {"005_nomarker.sql", "CREATE TABLE x (id INT);\n", "005_nomarker.sql"},
           {"006_latin1.sql", "-- strata:up\nSELECT '\xE9';\n", "006_latin1.sql:2"}}) {
    Migration(file, content);
    if (file == "004_dup.sql") Migration("4_dup_too.sql", "-- strata:up\n");
    Outcome up = strata_({"up"});
    EXPECT_EQ(up.exit_code, 1) << file;
    EXPECT_NE(up.err.find(mention), std::string::npos) << up.err;
    EXPECT_NE(up.err.find("nothing was applied"), std::string::npos) << up.err;
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / "app.db") &&
                 ReadFile(dir_.path() / "app.db").find("strata_migrations") != std::string::npos);
    std::filesystem::remove(dir_.path() / "db/migrations" / file);
    std::filesystem::remove(dir_.path() / "db/migrations/4_dup_too.sql");
  }
  EXPECT_EQ(strata_({"up"}).exit_code, 0);
}

TEST_F(CliTest, ConfigurationSources) {
  strata_.env.erase("DATABASE_URL");
  Migration("1_a.sql", "-- strata:up\nCREATE TABLE ${name} (id INTEGER);\n");
  Outcome none = strata_({"status"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("DATABASE_URL"), std::string::npos);

  dir_.Write("strata.toml", "url = \"sqlite:from_toml.db\"\n[vars]\nname = \"from_toml\"\n");
  EXPECT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "from_toml.db"));

  dir_.Write(".env", "# comment\nexport DATABASE_URL=\"sqlite:from_dotenv.db\"  # local\n");
  EXPECT_EQ(strata_({"up", "--set", "name=from_set"}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "from_dotenv.db"));
  EXPECT_NE(strata_({"status"}).out.find("sqlite:from_dotenv.db (from .env)"), std::string::npos);

  strata_.env["DATABASE_URL"] = "sqlite:from_env.db";
  strata_.env["STRATA_VAR_name"] = "from_env_var";
  dir_.Write("strata.toml", "url = \"sqlite:from_toml.db\"\n");
  EXPECT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_EQ(strata_({"--url", "sqlite:from_flag.db", "up"}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "from_env.db"));
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "from_flag.db"));

  // --dir and STRATA_DIR
  dir_.Write("other/7_x.sql", "-- strata:up\n");
  EXPECT_EQ(Json({"list", "--dir", "other"})["migrations"][0]["version"], "7");
  strata_.env["STRATA_DIR"] = "other";
  EXPECT_EQ(Json({"list"})["migrations"][0]["version"], "7");

  dir_.Write("strata.toml", "colour = \"blue\"\n");
  Outcome bad = strata_({"status"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown key 'colour'"), std::string::npos) << bad.err;
}

TEST_F(CliTest, UsageErrorsExitTwoAndNeverPrintPasswords) {
  std::filesystem::create_directories(dir_.path() / "db/migrations");
  EXPECT_EQ(strata_({}).exit_code, 2);
  EXPECT_EQ(strata_({"up", "--bogus"}).exit_code, 2);
  EXPECT_EQ(strata_({"down", "--all", "--count", "2"}).exit_code, 2);
  Outcome scheme = strata_({"--url", "postgrez://admin:hunter2@db/app", "status"});
  EXPECT_EQ(scheme.exit_code, 2);
  EXPECT_EQ(scheme.err.find("hunter2"), std::string::npos) << scheme.err;
  EXPECT_NE(scheme.err.find("admin:***@db"), std::string::npos) << scheme.err;
  json error = Json({"--url", "nope:x", "status"}, 2);
  EXPECT_EQ(error["ok"], false);
  EXPECT_EQ(error["error"]["code"], "invalid_argument");
}

TEST_F(CliTest, ResetNeedsConfirmationAndIsRefusedInProduction) {
  ThreeMigrations();
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_EQ(strata_({"reset"}).exit_code, 2);
  strata_.env["STRATA_ENV"] = "production";
  Outcome refused = strata_({"reset", "--yes"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("production"), std::string::npos);
  EXPECT_EQ(Status()["summary"]["applied"], 3);
  strata_.env["STRATA_ENV"] = "development";
  EXPECT_EQ(strata_({"reset", "--yes"}).exit_code, 0);
  EXPECT_EQ(Status()["summary"]["applied"], 0);
}

TEST_F(CliTest, HistoryIsTheAuditTrail) {
  ThreeMigrations();
  ASSERT_EQ(strata_({"--by", "deploy-bot", "up"}).exit_code, 0);
  ASSERT_EQ(strata_({"down"}).exit_code, 0);
  json all = Json({"history"});
  ASSERT_EQ(all["events"].size(), 4u);
  EXPECT_EQ(all["events"][0]["action"], "apply");
  EXPECT_EQ(all["events"][0]["by"], "deploy-bot");
  EXPECT_EQ(all["events"][3]["action"], "revert");
  json last = Json({"history", "--limit", "1"});
  ASSERT_EQ(last["events"].size(), 1u);
  EXPECT_EQ(last["events"][0]["version"], "003");
  EXPECT_NE(strata_({"history"}).out.find("deploy-bot"), std::string::npos);
}

TEST_F(CliTest, BaselineAndRepairAfterInterruption) {
  ThreeMigrations();
  Outcome baseline = strata_({"baseline", "2"});
  EXPECT_EQ(baseline.exit_code, 0) << baseline.err;
  json status = Status();
  EXPECT_EQ(status["summary"]["applied"], 2);
  EXPECT_EQ(status["current_version"], "002");
  EXPECT_EQ(Json({"history"})["events"][0]["action"], "baseline");
  EXPECT_EQ(strata_({"repair"}).out, "nothing to repair\n");
}

TEST_F(CliTest, ConcurrentUpAppliesEachMigrationOnce) {
  // Each migration takes a little while, so that runners overlap.
  for (int i = 1; i <= 6; ++i) {
    Migration("00" + std::to_string(i) + "_t.sql", "-- strata:up\nCREATE TABLE t" + std::to_string(i) +
                                  " (n INTEGER);\nWITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
                                  "WHERE n < 20000) INSERT INTO t" + std::to_string(i) + " SELECT n FROM c;\n");
  }
  for (int round = 0; round < 3; ++round) {
    std::filesystem::remove(dir_.path() / "app.db");
    for (const Outcome& o : strata_.AtOnce(8, {"up"})) EXPECT_EQ(o.exit_code, 0) << o.err;
    json events = Json({"history"})["events"];
    EXPECT_EQ(events.size(), 6u) << events.dump();
    std::set<std::string> versions;
    for (const auto& e : events) {
      EXPECT_EQ(e["action"], "apply");
      versions.insert(e["version"]);
    }
    EXPECT_EQ(versions.size(), 6u);
  }
}

TEST_F(CliTest, ExampleProjectAppliesAndRevertsCleanly) {
  std::string examples = std::string(STRATA_TEST_DATA) + "/../../examples/db/migrations";
  Outcome up = strata_({"--dir", examples, "up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  json status = Json({"--dir", examples, "status"});
  EXPECT_GE(status["summary"]["applied"].get<int>(), 5);
  EXPECT_EQ(status["summary"]["pending"], 0);
  // The example shows a header: its demo rows are data that need the three tables before them.
  int headed = 0;
  for (const json& m : status["migrations"]) headed += m["category"] == "data" && m["requires"].size() == 3;
  EXPECT_EQ(headed, 1) << status["migrations"].dump();
  Outcome down = strata_({"--dir", examples, "down", "--all"});
  EXPECT_EQ(down.exit_code, 0) << down.out << down.err;
  Outcome again = strata_({"--dir", examples, "up"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
}

TEST_F(CliTest, DownAllAsksOnATerminalAndColoursOnlyThere) {
  ThreeMigrations();
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  Outcome no = strata_.OnTerminal({"down", "--all"}, "n");
  EXPECT_NE(no.out.find("Revert every applied migration of sqlite:app.db?"), std::string::npos) << no.out;
  EXPECT_EQ(no.exit_code, 2);
  EXPECT_EQ(Status()["summary"]["applied"], 3);
  Outcome yes = strata_.OnTerminal({"down", "--all"}, "y");
  EXPECT_EQ(yes.exit_code, 0) << yes.out;
  EXPECT_NE(yes.out.find("\033[32m"), std::string::npos) << "no colour on a terminal";
  EXPECT_EQ(Status()["summary"]["applied"], 0);
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_EQ(strata_.OnTerminal({"down", "--all", "--yes"}, "").exit_code, 0);
  EXPECT_EQ(Status()["summary"]["applied"], 0);
  strata_.env["NO_COLOR"] = "1";
  EXPECT_EQ(strata_.OnTerminal({"status"}, "").out.find("\033["), std::string::npos);
}

TEST_F(CliTest, LockTimeoutNamesTheHolder) {
  ThreeMigrations();
  ASSERT_EQ(strata_({"up", "--count", "1"}).exit_code, 0);
  int fd = open((dir_.path() / "app.db.strata-lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(flock(fd, LOCK_EX), 0);
  ASSERT_EQ(write(fd, "pid 4242 (ops@deploy-host) since 2026-11-22T09:00:00Z\n", 52), 52);
  Outcome waited = strata_({"--lock-timeout", "0.3", "up"});
  close(fd);
  EXPECT_EQ(waited.exit_code, 1);
  EXPECT_NE(waited.err.find("waiting for the lock"), std::string::npos) << waited.err;
  EXPECT_NE(waited.err.find("ops@deploy-host"), std::string::npos) << waited.err;
  EXPECT_NE(waited.err.find("--lock-timeout"), std::string::npos) << waited.err;
  EXPECT_EQ(Status()["summary"]["applied"], 1);
  EXPECT_EQ(strata_({"up"}).exit_code, 0);  // free again
}

TEST_F(CliTest, CustomHistoryTable) {
  ThreeMigrations();
  ASSERT_EQ(strata_({"--table", "schema_history", "up"}).exit_code, 0);
  EXPECT_EQ(Json({"--table", "schema_history", "status"})["summary"]["applied"], 3);
  EXPECT_EQ(Status()["summary"]["applied"], 0) << "the default table is another history";
  strata_.env["STRATA_TABLE"] = "schema_history";
  EXPECT_EQ(Status()["summary"]["applied"], 3);
  EXPECT_EQ(strata_({"--table", "bad-name", "status"}).exit_code, 2);
}

TEST_F(CliTest, EveryCommandSpeaksJson) {
  ThreeMigrations();
  EXPECT_TRUE(Json({"new", "x", "--sequential"})["path"].is_string());
  EXPECT_EQ(Json({"up", "--dry-run"})["summary"]["would_apply"], 4);
  EXPECT_EQ(Json({"up"})["summary"]["applied"], 4);
  EXPECT_EQ(Json({"list"})["migrations"].size(), 4u);
  EXPECT_TRUE(Json({"validate"})["ok"]);
  EXPECT_EQ(Json({"history"})["events"].size(), 4u);
  EXPECT_EQ(Json({"down"})["summary"]["reverted"], 1);
  EXPECT_EQ(Json({"run", "4"})["summary"]["applied"], 1);
  EXPECT_EQ(Json({"revert", "4"})["migrations"][0]["outcome"], "reverted");
  EXPECT_TRUE(Json({"repair"})["cleared"].empty());
  EXPECT_EQ(Json({"reset", "--yes"})["summary"]["reverted"], 3);
  EXPECT_EQ(Json({"baseline", "3"})["summary"]["applied"], 3);
  EXPECT_EQ(Json({"status"})["current_version"], "003");
  EXPECT_EQ(Json({"dump"})["version"], "003");
  EXPECT_EQ(Json({"dump", "--out", "schema.sql"})["file"], "schema.sql");
  // `baseline` recorded 001 to 003 without running them: the tables the migrations make are missing.
  EXPECT_EQ(Json({"drift"}, 1)["differences"][0]["change"], "missing");
  EXPECT_TRUE(Json({"test"})["ok"]);
  EXPECT_TRUE(Json({"diff", "sqlite:app.db", "sqlite:app.db"})["same"]);
}

TEST_F(CliTest, HealthIsJsonAndExitsZeroOnlyWhenHealthy) {
  ThreeMigrations();
  Outcome pending = strata_({"health"});
  EXPECT_EQ(pending.exit_code, 1);
  json report = json::parse(pending.out, nullptr, false);
  EXPECT_EQ(report["status"], "pending");
  EXPECT_EQ(report["pending"], 3);
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  Outcome healthy = strata_({"health"});
  EXPECT_EQ(healthy.exit_code, 0) << healthy.out;
  report = json::parse(healthy.out, nullptr, false);
  EXPECT_EQ(report["status"], "healthy");
  EXPECT_EQ(report["current_version"], "003");
  EXPECT_EQ(report["last_migration"]["name"], "posts");
  Migration("001_users.sql", "-- strata:up\nCREATE TABLE users (id INTEGER);\n");
  Outcome failed = strata_({"health"});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_EQ(json::parse(failed.out, nullptr, false)["status"], "failed");
}

}  // namespace
}  // namespace strata
