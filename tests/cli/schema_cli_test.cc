// The schema commands end to end on every SQL backend, as a user runs them: dump -> load -> dump gives
// the same bytes, `strata test` catches downs that forget an index, a column default or a trigger,
// and names an up, a down or a second up that fails, `drift` and `diff` see a manual ALTER TABLE but
// not a sequence that moved (nor `status`), `dump_after_up` keeps the schema file current, and `load`
// refuses a database that is not empty. Each driver's reading of every object kind is tested beside the
// driver (tests/drivers/<backend>/<backend>_schema_test.cc).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/schemas.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::Contains;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

// A migration's statements as each database spells them.
struct Dialect {
  std::string trigger_up;    // a table `audit` and a trigger on users that writes to it; "" without triggers
  std::string trigger_down;  // removes both
  std::string set_default;   // gives settings.value the default 'active'
  std::string counter_up;    // a table `tickets` (id, name) whose id comes from a sequence that starts at 100
                             // (SQLite, which has none: AUTOINCREMENT)
  std::string counter_down;  // removes both
};

Dialect DialectOf(const std::string& backend) {
  if (backend == "postgres") {
    return {"CREATE TABLE audit (user_id INTEGER);\n"
            "CREATE FUNCTION users_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n  INSERT INTO audit VALUES (NEW.id);\n  RETURN NEW;\nEND\n$$;\n"
            "CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION users_audit_row();\n",
            "DROP TRIGGER users_audit ON users;\nDROP FUNCTION users_audit_row();\nDROP TABLE audit;\n",
            "ALTER TABLE settings ALTER COLUMN value SET DEFAULT 'active';\n",
            "CREATE SEQUENCE ticket_ids START 100;\n"
            "CREATE TABLE tickets (id bigint PRIMARY KEY DEFAULT nextval('ticket_ids'), name text);\n",
            "DROP TABLE tickets;\nDROP SEQUENCE ticket_ids;\n"};
  }
  if (backend == "mariadb") {
    return {"CREATE TABLE audit (user_id INTEGER);\n"
            "CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW INSERT INTO audit VALUES (NEW.id);\n",
            "DROP TRIGGER users_audit;\nDROP TABLE audit;\n",
            "ALTER TABLE settings ALTER COLUMN value SET DEFAULT 'active';\n",
            "CREATE SEQUENCE ticket_ids START WITH 100;\n"
            "CREATE TABLE tickets (id BIGINT PRIMARY KEY DEFAULT (NEXT VALUE FOR ticket_ids), name TEXT);\n",
            "DROP TABLE tickets;\nDROP SEQUENCE ticket_ids;\n"};
  }
  if (backend == "duckdb") {
    // DuckDB has no triggers.
    return {"", "", "ALTER TABLE settings ALTER COLUMN value SET DEFAULT 'active';\n",
            "CREATE SEQUENCE ticket_ids START 100;\n"
            "CREATE TABLE tickets (id BIGINT PRIMARY KEY DEFAULT nextval('ticket_ids'), name VARCHAR);\n",
            "DROP TABLE tickets;\nDROP SEQUENCE ticket_ids;\n"};
  }
  // SQLite changes a default only by building the table again.
  return {"CREATE TABLE audit (user_id INTEGER);\n"
          "CREATE TRIGGER users_audit AFTER INSERT ON users BEGIN\n  INSERT INTO audit VALUES (NEW.id);\nEND;\n",
          "DROP TRIGGER users_audit;\nDROP TABLE audit;\n",
          "CREATE TABLE settings_new (name VARCHAR(20) PRIMARY KEY, value VARCHAR(20) DEFAULT 'active');\n"
          "INSERT INTO settings_new SELECT name, value FROM settings;\nDROP TABLE settings;\n"
          "ALTER TABLE settings_new RENAME TO settings;\n",
          "CREATE TABLE tickets (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);\n",
          "DROP TABLE tickets;\n"};
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class SchemaCliTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    strata_.env["DATABASE_URL"] = url_;
    dir_.Write("db/migrations/001_users.sql",
               "-- strata:up\n"
               "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL, status VARCHAR(20));\n"
               "CREATE INDEX users_email ON users (email);\n"
               "CREATE TABLE settings (name VARCHAR(20) PRIMARY KEY, value VARCHAR(20));\n"
               "-- strata:down\nDROP TABLE settings;\nDROP INDEX users_email" +
                   std::string(GetParam().name == "mariadb" ? " ON users" : "") + ";\nDROP TABLE users;\n");
    dir_.Write("db/migrations/002_active_users.sql",
               "-- strata:up\nCREATE VIEW active_users AS SELECT id, email FROM users WHERE status = 'active';\n"
               "-- strata:down\nDROP VIEW active_users;\n");
    const Dialect d = DialectOf(GetParam().name);
    if (!d.trigger_up.empty()) {
      dir_.Write("db/migrations/003_audit.sql", "-- strata:up\n" + d.trigger_up + "-- strata:down\n" + d.trigger_down);
    }
  }
  std::string SecondUrl() { return second_.New(url_, "second"); }
  // Runs `sql` on `url` as a person would by hand, outside strata's migrations.
  void ByHand(const std::string& url, const std::string& sql) {
    auto connection = testing::OpenConnection(url);
    ASSERT_NE(connection, nullptr);
    Script script;
    script.text = sql;
    Status done = connection->Execute(script);
    ASSERT_TRUE(done.ok()) << done.ToString();
  }
  Outcome Up() {
    Outcome up = strata_({"up"});
    EXPECT_EQ(up.exit_code, 0) << up.out << up.err;
    return up;
  }

  TempDir dir_;
  Strata strata_{dir_.path()};
  std::string url_;
  testing::SecondDatabases second_{dir_.path()};
};

TEST_P(SchemaCliTest, DumpLoadDumpGivesTheSameBytesAndLoadRecordsTheBaseline) {
  Up();
  Outcome dumped = strata_({"dump", "--out", "schema.sql"});
  ASSERT_EQ(dumped.exit_code, 0) << dumped.err;
  const std::string first = ReadText(dir_.path() / "schema.sql");
  const std::string latest = GetParam().name == "duckdb" ? "002" : "003";
  EXPECT_TRUE(Contains(first, "-- strata:dump version=" + latest + " database=")) << first;
  EXPECT_TRUE(Contains(first, "-- table ")) << first;
  EXPECT_TRUE(Contains(first, "users_email")) << first;
  EXPECT_TRUE(Contains(first, "active_users")) << first;
  EXPECT_FALSE(Contains(first, "strata_migrations")) << "strata's own tables are left out:\n" << first;
  EXPECT_EQ(strata_({"dump"}).out, first) << "stdout and --out write the same text";

  const std::string second = SecondUrl();
  Outcome loaded = strata_({"--url", second, "load", "schema.sql"});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.out << loaded.err;
  Outcome again = strata_({"--url", second, "dump"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, first);
  Outcome status = strata_({"--url", second, "--json", "status"});
  EXPECT_EQ(json::parse(status.out, nullptr, false)["current_version"], latest) << status.out;

  Outcome refused = strata_({"--url", second, "load", "schema.sql"});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(Contains(refused.err, "empty database")) << refused.err;
}

TEST_P(SchemaCliTest, TestPassesGoodDownsAndNamesWhatForgetfulOnesLeave) {
  Outcome clean = strata_({"test"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_TRUE(Contains(clean.out, "0 failed")) << clean.out;

  const Dialect d = DialectOf(GetParam().name);
  dir_.Write("db/migrations/004_status_index.sql",
             "-- strata:up\nCREATE INDEX users_status ON users (status);\n-- strata:down\nSELECT 1;\n");
  dir_.Write("db/migrations/005_status_default.sql", "-- strata:up\n" + d.set_default + "-- strata:down\nSELECT 1;\n");
  if (!d.trigger_up.empty()) {
    dir_.Write("db/migrations/006_audit_again.sql",
               "-- strata:up\n" + std::string(GetParam().name == "postgres"
                                                  ? "CREATE TRIGGER users_audit_again AFTER INSERT ON users FOR EACH "
                                                    "ROW EXECUTE FUNCTION users_audit_row();\n"
                                                  : GetParam().name == "mariadb"
                                                        ? "CREATE TRIGGER users_audit_again AFTER INSERT ON users FOR "
                                                          "EACH ROW INSERT INTO audit VALUES (NEW.id + 1);\n"
                                                        : "CREATE TRIGGER users_audit_again AFTER INSERT ON users "
                                                          "BEGIN\n  INSERT INTO audit VALUES (NEW.id + 1);\nEND;\n") +
                   "-- strata:down\nSELECT 1;\n");
  }
  Outcome caught = strata_({"--json", "test", "--from", "004"});
  EXPECT_EQ(caught.exit_code, 1) << caught.out << caught.err;
  json report = json::parse(caught.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << caught.out << caught.err;
  std::map<std::string, json> by_version;
  for (const json& m : report["migrations"]) by_version[m["version"]] = m;
  EXPECT_EQ(by_version.count("001"), 0u) << "--from 004 checks nothing earlier";
  ASSERT_EQ(by_version.count("004"), 1u) << report;
  EXPECT_EQ(by_version["004"]["outcome"], "not_restored");
  EXPECT_EQ(by_version["004"]["differences"][0]["change"], "extra");
  EXPECT_EQ(by_version["004"]["differences"][0]["kind"], "index");
  EXPECT_TRUE(Contains(by_version["004"]["differences"][0]["name"], "users_status")) << report;
  EXPECT_EQ(by_version["005"]["outcome"], "not_restored") << report;
  EXPECT_EQ(by_version["005"]["differences"][0]["change"], "changed") << report;
  EXPECT_TRUE(Contains(by_version["005"]["differences"][0]["actual"], "'active'")) << report;
  if (!d.trigger_up.empty()) {
    EXPECT_EQ(by_version["006"]["outcome"], "not_restored") << report;
    EXPECT_EQ(by_version["006"]["differences"][0]["kind"], "trigger") << report;
  }
  EXPECT_EQ(report["failed"], d.trigger_up.empty() ? 2 : 3);

  Outcome text = strata_({"test", "--from", "004"});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_TRUE(Contains(text.out, "004 status_index: FAILED: the down does not restore the schema")) << text.out;
  EXPECT_TRUE(Contains(text.out, "extra index ")) << text.out;
  EXPECT_TRUE(Contains(text.out, "+++ after down")) << text.out;
  // The test ran on a scratch database: the configured one was not touched.
  EXPECT_TRUE(Contains(strata_({"status"}).out, "pending")) << strata_({"status"}).out;
}

TEST_P(SchemaCliTest, DriftAndDiffSeeAManualAlterTable) {
  Up();
  // Seeds keep a history of their own: strata's too, so no change to the schema.
  dir_.Write("db/seeds/001_settings.sql", "-- strata:up\nINSERT INTO settings (name, value) VALUES ('theme', 'dark');\n");
  Outcome seeded = strata_({"seed"});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.out << seeded.err;
  EXPECT_FALSE(Contains(strata_({"dump"}).out, "_seeds")) << strata_({"dump"}).out;
  Outcome none = strata_({"drift"});
  EXPECT_EQ(none.exit_code, 0) << none.out << none.err;
  EXPECT_TRUE(Contains(none.out, "no drift")) << none.out;

  const std::string second = SecondUrl();
  ASSERT_EQ(strata_({"--url", second, "up"}).exit_code, 0);
  EXPECT_EQ(strata_({"diff", url_, second}).exit_code, 0);

  const std::string latest = GetParam().name == "duckdb" ? "002" : "003";
  json status = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_TRUE(status["schema_changed_since"].is_null()) << status;

  ByHand(url_, "ALTER TABLE users ADD COLUMN nickname VARCHAR(30);\n");
  // Without a scratch database: the fingerprint kept after `up` no longer matches.
  status = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_EQ(status["schema_changed_since"], latest) << status;
  EXPECT_TRUE(Contains(strata_({"status"}).out, "the schema changed outside migrations since " + latest));
  Outcome drift = strata_({"--json", "drift"});
  EXPECT_EQ(drift.exit_code, 1) << drift.out << drift.err;
  json report = json::parse(drift.out, nullptr, false);
  ASSERT_EQ(report["differences"].size(), 1u) << drift.out;
  EXPECT_EQ(report["differences"][0]["change"], "changed");
  EXPECT_EQ(report["differences"][0]["kind"], "table");
  EXPECT_TRUE(Contains(report["differences"][0]["actual"], "nickname")) << drift.out;
  EXPECT_FALSE(Contains(report["differences"][0]["expected"], "nickname")) << drift.out;

  Outcome diff = strata_({"diff", second, url_});
  EXPECT_EQ(diff.exit_code, 1) << diff.out << diff.err;
  EXPECT_TRUE(Contains(diff.out, "changed table ")) << diff.out;
  EXPECT_TRUE(Contains(diff.out, "nickname")) << diff.out;

  // The next change strata makes takes the schema as it then is.
  ASSERT_EQ(strata_({"down"}).exit_code, 0);
  status = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_TRUE(status["schema_changed_since"].is_null()) << status;
}

// `status` trusts the schema's stamp where the driver has one (SQLite, PostgreSQL) and reads the schema when
// the stamp moved: a write to the catalogs that leaves the schema as it was (PostgreSQL's TRUNCATE gives
// the table a new file; a table made and dropped again) is no note, and a real change after it still is.
TEST_P(SchemaCliTest, StatusTellsCatalogWritesFromSchemaChanges) {
  Up();
  ByHand(url_, GetParam().name == "postgres" ? "TRUNCATE settings;\n"
                                              : "CREATE TABLE passing (id INT);\nDROP TABLE passing;\n");
  json status = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_TRUE(status["schema_changed_since"].is_null()) << status;
  ByHand(url_, "CREATE INDEX settings_by_value ON settings (value);\n");
  status = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_EQ(status["schema_changed_since"], GetParam().name == "duckdb" ? "002" : "003") << status;
}

// A counter's position is data: rows drawing ids from it, inserted outside migrations, are no drift and
// no schema change. On DuckDB each strata run closes the file, and closing it writes a used sequence's
// next value over its START (the original is gone): the dump says that START, drift, diff and status
// do not see it.
TEST_P(SchemaCliTest, ACounterThatMovedIsNeitherDriftNorASchemaChange) {
  const Dialect d = DialectOf(GetParam().name);
  dir_.Write("db/migrations/004_tickets.sql", "-- strata:up\n" + d.counter_up + "-- strata:down\n" + d.counter_down);
  Up();
  dir_.Write("db/seeds/001_tickets.sql", "-- strata:up\nINSERT INTO tickets (name) VALUES ('a'), ('b');\n");
  Outcome seeded = strata_({"seed"});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.out << seeded.err;
  if (GetParam().name == "duckdb") {
    const std::string dump = strata_({"dump"}).out;
    EXPECT_TRUE(Contains(dump, " START 102 ")) << "the dump keeps the START DuckDB reads:\n" << dump;
  }

  Outcome drift = strata_({"drift"});
  EXPECT_EQ(drift.exit_code, 0) << drift.out << drift.err;
  EXPECT_TRUE(Contains(drift.out, "no drift")) << drift.out;
  json status = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_TRUE(status["schema_changed_since"].is_null()) << status;
  const std::string second = SecondUrl();
  ASSERT_EQ(strata_({"--url", second, "up"}).exit_code, 0);
  Outcome diff = strata_({"diff", second, url_});
  EXPECT_EQ(diff.exit_code, 0) << diff.out << diff.err;
}

TEST_P(SchemaCliTest, DumpAfterUpKeepsTheSchemaFileCurrent) {
  dir_.Write("strata.toml", "dump_after_up = \"db/schema.sql\"\n");
  Outcome up = Up();
  EXPECT_TRUE(Contains(up.err, "wrote the schema to db/schema.sql")) << up.err;
  EXPECT_EQ(ReadText(dir_.path() / "db/schema.sql"), strata_({"dump"}).out);
  ASSERT_EQ(strata_({"down"}).exit_code, 0);
  EXPECT_EQ(ReadText(dir_.path() / "db/schema.sql"), strata_({"dump"}).out) << "down rewrites it too";
  EXPECT_FALSE(Contains(ReadText(dir_.path() / "db/schema.sql"), "users_audit")) << "the reverted trigger is gone";
  // Nothing changed, nothing written; --dump names a file of its own.
  ASSERT_EQ(strata_({"--dump", "other.sql", "up", "--count", "0"}).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "other.sql"));
  ASSERT_EQ(strata_({"--dump", "other.sql", "up"}).exit_code, 0);
  EXPECT_EQ(ReadText(dir_.path() / "other.sql"), strata_({"dump"}).out);
}

INSTANTIATE_TEST_SUITE_P(Backends, SchemaCliTest, ::testing::ValuesIn(testing::Backends()),
                         [](const auto& info) { return info.param.name; });

// The example project (examples/db/migrations): its dump reloads to the same bytes, every down undoes
// its up, and a database built by its migrations has no drift.
TEST(SchemaCliExample, DumpReloadsAndEveryDownUndoesItsUp) {
  TempDir dir;
  std::filesystem::copy(std::filesystem::path(STRATA_TEST_DATA) / ".." / ".." / "examples" / "db", dir.path() / "db",
                        std::filesystem::copy_options::recursive);
  Strata strata(dir.path());
  strata.env["DATABASE_URL"] = "sqlite:app.db";
  ASSERT_EQ(strata({"up"}).exit_code, 0);
  ASSERT_EQ(strata({"dump", "--out", "schema.sql"}).exit_code, 0);
  const std::string dump = ReadText(dir.path() / "schema.sql");
  EXPECT_TRUE(Contains(dump, "-- table tasks\n")) << dump;
  EXPECT_TRUE(Contains(dump, "-- trigger ")) << dump;
  Outcome loaded = strata({"--url", "sqlite:copy.db", "load", "schema.sql"});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  EXPECT_EQ(strata({"--url", "sqlite:copy.db", "dump"}).out, dump);
  Outcome tested = strata({"test"});
  EXPECT_EQ(tested.exit_code, 0) << tested.out << tested.err;
  EXPECT_TRUE(Contains(tested.out, "0 failed")) << tested.out;
  EXPECT_EQ(strata({"drift"}).exit_code, 0);
  EXPECT_EQ(strata({"--url", "sqlite:copy.db", "drift"}).exit_code, 0) << "the loaded copy is what the migrations make";
}

// Every outcome of `strata test` but a forgetful down (above), in one set on SQLite: a good migration, an up
// that inserts a fixed row its down leaves behind (applying it again breaks the primary key), a down that
// fails, a migration without a down part, a good one after them (the test goes on from a new scratch
// database), and an up that fails (the test stops there).
void WriteMigrationsWithEveryOutcome(const TempDir& dir) {
  dir.Write("db/migrations/001_users.sql",
            "-- strata:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL);\n"
            "-- strata:down\nDROP TABLE users;\n");
  dir.Write(
      "db/migrations/002_admin_user.sql",
      "-- strata:up\nINSERT INTO users (id, email) VALUES (1, 'admin@example.com');\n-- strata:down\nSELECT 1;\n");
  dir.Write("db/migrations/003_tags.sql",
            "-- strata:up\nCREATE TABLE tags (name VARCHAR(20));\n-- strata:down\nDROP TABLE labels;\n");
  dir.Write("db/migrations/004_events.sql", "-- strata:up\nCREATE TABLE events (id INTEGER);\n");
  dir.Write("db/migrations/005_users_email.sql",
            "-- strata:up\nCREATE INDEX users_email ON users (email);\n-- strata:down\nDROP INDEX users_email;\n");
  dir.Write("db/migrations/006_notes.sql",
            "-- strata:up\nCREATE TABLE notes (body TEXT);\nINSERT INTO note (body) VALUES ('hi');\n"
            "-- strata:down\nDROP TABLE notes;\n");
}

// The migrations of a `strata --json test` report by version, in the order reported.
std::vector<std::string> VersionsOf(const json& report, std::map<std::string, json>* by_version) {
  std::vector<std::string> versions;
  for (const json& m : report["migrations"]) {
    versions.push_back(m["version"]);
    (*by_version)[m["version"]] = m;
  }
  return versions;
}

TEST(SchemaCliTestOutcomes, NamesEachFailedMigrationWithItsReasonAndPassesTheGoodOnes) {
  TempDir dir;
  Strata strata(dir.path());
  strata.env["DATABASE_URL"] = "sqlite:app.db";
  WriteMigrationsWithEveryOutcome(dir);

  Outcome run = strata({"--json", "test"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  json report = json::parse(run.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << run.out << run.err;
  EXPECT_EQ(report["ok"], false) << report;
  EXPECT_EQ(report["tested"], 6) << report;
  EXPECT_EQ(report["failed"], 3) << "a migration without a down part is skipped, not failed: " << report;
  std::map<std::string, json> m;
  EXPECT_EQ(VersionsOf(report, &m), (std::vector<std::string>{"001", "002", "003", "004", "005", "006"}))
      << "after a failed down the test goes on from a new scratch database: " << report;

  for (const char* good : {"001", "005"}) {
    EXPECT_EQ(m[good]["outcome"], "restored") << good << ": " << report;
    EXPECT_EQ(m[good]["passed"], true) << good << ": " << report;
    EXPECT_TRUE(m[good]["error"].is_null()) << good << ": " << report;
  }
  EXPECT_EQ(m["002"]["name"], "admin_user") << report;
  EXPECT_EQ(m["002"]["outcome"], "reapply_failed") << report;
  EXPECT_EQ(m["002"]["passed"], false) << report;
  EXPECT_TRUE(m["002"]["differences"].empty()) << "the down restored the schema, only the row is left: " << report;
  EXPECT_TRUE(Contains(m["002"]["error"].dump(), "db/migrations/002_admin_user.sql:2: ")) << report;
  EXPECT_TRUE(Contains(m["002"]["error"].dump(), "UNIQUE constraint failed: users.id")) << report;

  EXPECT_EQ(m["003"]["name"], "tags") << report;
  EXPECT_EQ(m["003"]["outcome"], "down_failed") << report;
  EXPECT_EQ(m["003"]["passed"], false) << report;
  EXPECT_TRUE(Contains(m["003"]["error"].dump(), "db/migrations/003_tags.sql:4: ")) << report;
  EXPECT_TRUE(Contains(m["003"]["error"].dump(), "DROP TABLE labels;")) << report;
  EXPECT_TRUE(Contains(m["003"]["error"].dump(), "no such table: labels")) << report;

  EXPECT_EQ(m["004"]["name"], "events") << report;
  EXPECT_EQ(m["004"]["outcome"], "no_down") << report;
  EXPECT_EQ(m["004"]["passed"], true) << report;
  EXPECT_TRUE(m["004"]["error"].is_null()) << report;

  EXPECT_EQ(m["006"]["name"], "notes") << report;
  EXPECT_EQ(m["006"]["outcome"], "up_failed") << report;
  EXPECT_EQ(m["006"]["passed"], false) << report;
  EXPECT_TRUE(Contains(m["006"]["error"].dump(), "db/migrations/006_notes.sql:3: ")) << report;
  EXPECT_TRUE(Contains(m["006"]["error"].dump(), "no such table: note")) << report;

  Outcome text = strata({"test"});
  EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
  EXPECT_TRUE(Contains(text.out, "001 users: ok: the down restores the schema\n")) << text.out;
  EXPECT_TRUE(Contains(text.out,
                       "002 admin_user: FAILED: the up failed when applied again after the down: "
                       "db/migrations/002_admin_user.sql:2: "))
      << text.out;
  EXPECT_TRUE(Contains(text.out, "003 tags: FAILED: the down failed: db/migrations/003_tags.sql:4: ")) << text.out;
  EXPECT_TRUE(Contains(text.out, "004 events: skipped: no down part (irreversible)\n")) << text.out;
  EXPECT_TRUE(Contains(text.out, "005 users_email: ok: the down restores the schema\n")) << text.out;
  EXPECT_TRUE(Contains(text.out, "006 notes: FAILED: the up failed: db/migrations/006_notes.sql:3: ")) << text.out;
  EXPECT_TRUE(Contains(text.out, "6 migrations tested on a scratch database: 3 failed, 1 without a down part"))
      << text.out;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "app.db")) << "the test ran on a scratch database";
}

TEST(SchemaCliTestOutcomes, FromSkipsTheEarlierMigrationsButAppliesThem) {
  TempDir dir;
  Strata strata(dir.path());
  strata.env["DATABASE_URL"] = "sqlite:app.db";
  WriteMigrationsWithEveryOutcome(dir);

  Outcome run = strata({"--json", "test", "--from", "005"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  json report = json::parse(run.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << run.out << run.err;
  std::map<std::string, json> m;
  EXPECT_EQ(VersionsOf(report, &m), (std::vector<std::string>{"005", "006"})) << report;
  EXPECT_EQ(report["tested"], 2) << report;
  EXPECT_EQ(report["failed"], 1) << report;
  // 005 indexes the table 001 makes: the earlier ones were applied, only not checked.
  EXPECT_EQ(m["005"]["outcome"], "restored") << report;
  EXPECT_EQ(m["006"]["outcome"], "up_failed") << report;

  Outcome text = strata({"test", "--from", "005"});
  EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
  EXPECT_FALSE(Contains(text.out, "admin_user")) << text.out;
  EXPECT_FALSE(Contains(text.out, "003 tags")) << text.out;
  EXPECT_TRUE(Contains(text.out, "2 migrations tested on a scratch database: 1 failed, 0 without a down part"))
      << text.out;

  // From a version where nothing fails: exit 0.
  dir.Write("db/migrations/006_notes.sql",
            "-- strata:up\nCREATE TABLE notes (body TEXT);\n-- strata:down\nDROP TABLE notes;\n");
  Outcome clean = strata({"test", "--from", "005"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_TRUE(Contains(clean.out, "2 migrations tested on a scratch database: 0 failed")) << clean.out;
}

TEST(SchemaCliErrors, DriftNamesAnAppliedMigrationWhoseFileIsGone) {
  TempDir dir;
  Strata strata(dir.path());
  strata.env["DATABASE_URL"] = "sqlite:app.db";
  WriteMigrationsWithEveryOutcome(dir);
  std::filesystem::remove(dir.path() / "db/migrations/006_notes.sql");
  Outcome up = strata({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  ASSERT_EQ(strata({"drift"}).exit_code, 0);

  std::filesystem::remove(dir.path() / "db/migrations/003_tags.sql");
  Outcome drift = strata({"drift"});
  EXPECT_EQ(drift.exit_code, 1) << drift.out << drift.err;
  EXPECT_TRUE(Contains(drift.err, "error: migration 003 tags is applied but its file is gone")) << drift.err;
  EXPECT_TRUE(Contains(drift.err, "restore it (git) before checking drift")) << drift.err;
  EXPECT_FALSE(Contains(drift.out, "no drift")) << drift.out;
  Outcome as_json = strata({"--json", "drift"});
  EXPECT_EQ(as_json.exit_code, 1) << as_json.out << as_json.err;
  json report = json::parse(as_json.out, nullptr, false);
  EXPECT_EQ(report["ok"], false) << as_json.out;
  EXPECT_EQ(report["error"]["code"], "validation_failed") << as_json.out;
  EXPECT_TRUE(Contains(report["error"]["message"].dump(), "migration 003 tags is applied but its file is gone"))
      << as_json.out;
}

TEST(SchemaCliErrors, LoadNamesWhatIsWrongWithTheFile) {
  TempDir dir;
  Strata strata(dir.path());
  strata.env["DATABASE_URL"] = "sqlite:app.db";
  dir.Write("not-a-dump.sql", "CREATE TABLE t (i INT);\n");
  Outcome plain = strata({"load", "not-a-dump.sql"});
  EXPECT_EQ(plain.exit_code, 2) << plain.err;
  EXPECT_TRUE(Contains(plain.err, "not-a-dump.sql:1")) << plain.err;
  EXPECT_TRUE(Contains(plain.err, "not a strata dump")) << plain.err;
  Outcome missing = strata({"load", "nowhere.sql"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_TRUE(Contains(missing.err, "cannot read 'nowhere.sql'")) << missing.err;
  dir.Write("pg.sql", "-- strata:dump version=none database=postgres objects=0\n");
  Outcome other = strata({"load", "pg.sql"});
  EXPECT_EQ(other.exit_code, 2) << other.err;
  EXPECT_TRUE(Contains(other.err, "dump of a postgres database; this one is sqlite")) << other.err;
}

}  // namespace
}  // namespace strata
