// `strata import --from TOOL` end to end on SQLite, PostgreSQL and MariaDB: histories written by the real
// dbmate and sql-migrate binaries, and for Flyway, goose and golang-migrate (not installable here) tables
// made as their documentation and source describe them, with the rows those tools write. Each import
// records the right versions with the tool's times, is harmless the second time, and refuses (recording
// nothing) when the tool's history and the files disagree.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "strata/driver.h"
#include "support/backends.h"
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

// The parts of a server URL another tool needs: scheme://user:password@host:port/database?schema=...
struct ServerUrlParts {
  std::string user, password, host, port, database, schema;
};

ServerUrlParts SplitServerUrl(const std::string& url) {
  ServerUrlParts p;
  std::string rest = url.substr(url.find("://") + 3);
  size_t at = rest.rfind('@');
  std::string credentials = rest.substr(0, at);
  rest = rest.substr(at + 1);
  p.user = credentials.substr(0, credentials.find(':'));
  p.password = credentials.find(':') == std::string::npos ? "" : credentials.substr(credentials.find(':') + 1);
  size_t slash = rest.find('/');
  std::string host_port = rest.substr(0, slash);
  p.host = host_port.substr(0, host_port.find(':'));
  p.port = host_port.substr(host_port.find(':') + 1);
  std::string path = rest.substr(slash + 1);
  size_t query = path.find('?');
  p.database = path.substr(0, query);
  if (query != std::string::npos) {
    size_t schema = path.find("schema=", query);
    if (schema != std::string::npos) p.schema = path.substr(schema + 7, path.find('&', schema) - schema - 7);
  }
  return p;
}

// Runs `command` in `dir` with a shell; its output, with any password hidden.
Outcome RunToolShell(const std::filesystem::path& dir, const std::string& command, const std::string& secret) {
  std::string line = "cd '" + dir.string() + "' && " + command + " 2>&1";
  FILE* pipe = popen(line.c_str(), "r");
  Outcome o;
  if (!pipe) return o;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) o.out.append(buffer, n);
  int status = pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  for (size_t at; !secret.empty() && (at = o.out.find(secret)) != std::string::npos;) o.out.replace(at, secret.size(), "***");
  return o;
}

// A tool's binary: from `env` if set, else `fallback` if it exists. Missing with servers required (CI):
// a failure, never a skip.
std::string ToolBinaryPath(const char* env, const std::string& fallback) {
  const char* set = std::getenv(env);
  std::string path = set && *set ? set : fallback;
  return std::filesystem::exists(path) ? path : "";
}

class ImportCliTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    strata_.env["DATABASE_URL"] = url_;
    dialect_ = GetParam().name == "mariadb" ? "mysql" : GetParam().name;
  }

  // Runs `sql` (statements separated by ';') on the test database, as the other tool would have.
  void Run(const std::string& sql) {
    auto driver = FindDriver(url_);
    ASSERT_TRUE(driver.ok());
    auto c = (*driver)->Connect(url_, {});
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    Status s = (*c)->Execute({sql, "", 1});
    ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << sql;
  }

  json Json(const std::vector<std::string>& args, int expected_exit = 0) {
    std::vector<std::string> all = {"--json"};
    all.insert(all.end(), args.begin(), args.end());
    Outcome o = strata_(all);
    EXPECT_EQ(o.exit_code, expected_exit) << o.out << o.err;
    return json::parse(o.out.empty() ? o.err : o.out, nullptr, false);
  }

  // Versions strata's status says are applied.
  std::vector<std::string> Applied() {
    std::vector<std::string> out;
    json status = Json({"status"});
    for (const json& m : status["migrations"]) {
      if (m["status"] == "applied") out.push_back(m["version"]);
    }
    return out;
  }

  size_t ImportEvents() {
    size_t n = 0;
    const json history = Json({"history"});
    for (const json& e : history["events"]) n += e["action"] == "import";
    return n;
  }

  std::string Bool(bool b) const { return b ? "TRUE" : "FALSE"; }

  TempDir dir_;
  Strata strata_{dir_.path()};
  std::string url_;
  std::string dialect_;
};

TEST_P(ImportCliTest, Flyway) {
  dir_.Write("db/migrations/V1__users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
  dir_.Write("db/migrations/U1__users.sql", "DROP TABLE users;\n");
  dir_.Write("db/migrations/V1_1__teams.sql", "CREATE TABLE teams (id INTEGER PRIMARY KEY);\n");
  dir_.Write("db/migrations/V1.10__tags.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n");
  dir_.Write("db/migrations/V2__later.sql", "CREATE TABLE later (id INTEGER PRIMARY KEY);\n");
  // flyway_schema_history as Flyway creates it on each database (its createMetaDataTable.sql).
  const std::string installed_on = dialect_ == "sqlite" ? "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now'))"
                                   : dialect_ == "mysql" ? "TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP"
                                                         : "TIMESTAMP NOT NULL DEFAULT now()";
  Run("CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), "
      "description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT, "
      "installed_by VARCHAR(100) NOT NULL, installed_on " + installed_on + ", execution_time INT NOT NULL, success "
      "BOOLEAN NOT NULL);\n"
      "CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);\n"
      "CREATE TABLE users (id INTEGER PRIMARY KEY);\nCREATE TABLE teams (id INTEGER PRIMARY KEY);\n"
      "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n"
      // Flyway's baseline at 1, then 1.1, then 1.10 applied, undone (U file) and applied again by bob.
      "INSERT INTO flyway_schema_history VALUES (1, '1', '<< Flyway Baseline >>', 'BASELINE', "
      "'<< Flyway Baseline >>', NULL, 'alice', '2024-05-06 07:08:09', 0, TRUE);\n"
      "INSERT INTO flyway_schema_history VALUES (2, '1.1', 'teams', 'SQL', 'V1_1__teams.sql', 456, 'alice', "
      "'2024-05-07 07:08:09', 5, TRUE);\n"
      "INSERT INTO flyway_schema_history VALUES (3, '1.10', 'tags', 'SQL', 'V1.10__tags.sql', 789, 'alice', "
      "'2024-05-08 07:08:09', 5, TRUE);\n"
      "INSERT INTO flyway_schema_history VALUES (4, '1.10', 'tags', 'UNDO_SQL', 'U1.10__tags.sql', 789, 'alice', "
      "'2024-05-08 08:08:09', 5, TRUE);\n"
      "INSERT INTO flyway_schema_history VALUES (5, '1.10', 'tags', 'SQL', 'V1.10__tags.sql', 789, 'bob', "
      "'2024-05-08 09:08:09', 5, TRUE);");

  json dry = Json({"import", "--from", "flyway", "--dry-run"});
  EXPECT_EQ(dry["recorded"].size(), 3u) << dry;
  EXPECT_TRUE(Applied().empty());

  json imported = Json({"import", "--from", "flyway"});
  ASSERT_EQ(imported["recorded"].size(), 3u) << imported;
  EXPECT_EQ(imported["recorded"][0]["version"], "1");
  EXPECT_EQ(imported["recorded"][0]["applied_at"], "2024-05-06T07:08:09.000Z");
  EXPECT_EQ(imported["not_applied"], json::array({"2 later"}));
  EXPECT_EQ(Applied(), (std::vector<std::string>{"1", "1.1", "1.10"}));
  json status = Json({"status"});
  EXPECT_EQ(status["migrations"][0]["applied_at"], "2024-05-06T07:08:09.000Z") << status;
  EXPECT_EQ(status["migrations"][2]["applied_by"], "bob (flyway)") << status;
  EXPECT_EQ(status["migrations"][2]["applied_at"], "2024-05-08T09:08:09.000Z") << status;
  EXPECT_EQ(ImportEvents(), 3u);
  Outcome validate = strata_({"validate"});
  EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;

  json again = Json({"import", "--from", "flyway"});
  EXPECT_EQ(again["recorded"].size(), 0u) << again;
  EXPECT_EQ(again["already_recorded"].size(), 3u);
  EXPECT_EQ(ImportEvents(), 3u);

  // strata goes on from there: V2 runs, undo file and all.
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_EQ(Applied().size(), 4u);

  // A failed Flyway run refuses the import.
  Run("INSERT INTO flyway_schema_history VALUES (6, '2', 'later', 'SQL', 'V2__later.sql', 1, 'bob', "
      "'2024-05-09 07:08:09', 5, FALSE);");
  Outcome refused = strata_({"import", "--from", "flyway"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_TRUE(Contains(refused.err, "installed_rank 6: version 2 V2__later.sql failed (success = false)")) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "nothing was recorded")) << refused.err;
}

TEST_P(ImportCliTest, GooseAndDisagreementsRecordNothing) {
  dir_.Write("db/migrations/20240101000000_users.sql", "-- +goose Up\nCREATE TABLE users (id INTEGER);\n"
                                                       "-- +goose Down\nDROP TABLE users;\n");
  dir_.Write("db/migrations/20240102000000_teams.sql", "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE teams "
                                                       "(id INTEGER);\n-- +goose StatementEnd\n");
  // goose_db_version as goose creates it (its dialect's CreateVersionTableSQL), with goose's first row.
  const std::string table =
      dialect_ == "sqlite"
          ? "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, "
            "is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime('now')))"
          : "CREATE TABLE goose_db_version (id serial NOT NULL, version_id bigint NOT NULL, is_applied boolean NOT "
            "NULL, tstamp timestamp NULL default now(), PRIMARY KEY(id))";
  Run(table + ";\nINSERT INTO goose_db_version (version_id, is_applied) VALUES (0, " + Bool(true) + ");\n" +
      "INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (20240101000000, " + Bool(true) +
      ", '2024-01-01 10:00:00');\n" +
      "INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (20240102000000, " + Bool(true) +
      ", '2024-01-02 10:00:00');\n" +
      "INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (20240102000000, " + Bool(false) +
      ", '2024-01-03 10:00:00');\n" +
      "INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (20240105000000, " + Bool(true) +
      ", '2024-01-05 10:00:00')");
  // 20240105000000 has no file: refused, nothing recorded.
  Outcome refused = strata_({"import", "--from", "goose"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_TRUE(Contains(refused.err, "goose applied version 20240105000000, but no file in db/migrations has it"))
      << refused.err;
  EXPECT_TRUE(Applied().empty());

  Run("DELETE FROM goose_db_version WHERE version_id = 20240105000000");
  json imported = Json({"import", "--from", "goose"});
  ASSERT_EQ(imported["recorded"].size(), 1u) << imported;  // the second was reverted: its latest row says so
  EXPECT_EQ(imported["recorded"][0]["applied_at"], "2024-01-01T10:00:00.000Z");
  EXPECT_EQ(imported["not_applied"], json::array({"20240102000000 teams"}));

  // Another table name, and a table that is not there.
  Outcome missing = strata_({"import", "--from", "goose", "--table", "goose_old"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_TRUE(Contains(missing.err, "cannot read goose's history table 'goose_old'")) << missing.err;
  EXPECT_TRUE(Contains(missing.err, "--table")) << missing.err;
  Run("ALTER TABLE goose_db_version RENAME TO goose_versions");
  json renamed = Json({"import", "--from", "goose", "--table", "goose_versions"});
  EXPECT_EQ(renamed["already_recorded"].size(), 1u) << renamed;
  EXPECT_EQ(renamed["table"], "goose_versions");
  Outcome injected = strata_({"import", "--from", "goose", "--table", "goose_versions; DROP TABLE users"});
  EXPECT_EQ(injected.exit_code, 2);
  EXPECT_TRUE(Contains(injected.err, "is not a table name strata reads")) << injected.err;
}

TEST_P(ImportCliTest, GolangMigrateAppliedThroughAndDirty) {
  dir_.Write("db/migrations/1_users.up.sql", "CREATE TABLE users (id INTEGER);\n");
  dir_.Write("db/migrations/1_users.down.sql", "DROP TABLE users;\n");
  dir_.Write("db/migrations/2_teams.up.sql", "CREATE TABLE teams (id INTEGER);\n");
  dir_.Write("db/migrations/3_tags.up.sql", "CREATE TABLE tags (id INTEGER);\n");
  // schema_migrations as golang-migrate's drivers create it.
  Run(dialect_ == "sqlite"
          ? "CREATE TABLE schema_migrations (version uint64, dirty bool);\n"
            "CREATE UNIQUE INDEX version_unique ON schema_migrations (version);\n"
            "INSERT INTO schema_migrations VALUES (2, 1)"
          : "CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null);\n"
            "INSERT INTO schema_migrations VALUES (2, TRUE)");
  Outcome dirty = strata_({"import", "--from", "golang-migrate"});
  EXPECT_NE(dirty.exit_code, 0);
  EXPECT_TRUE(Contains(dirty.err, "version 2 is dirty")) << dirty.err;
  EXPECT_TRUE(Contains(dirty.err, "migrate force 2")) << dirty.err;
  // dbmate's reader knows golang-migrate's table by its dirty column.
  Outcome wrong_tool = strata_({"import", "--from", "dbmate"});
  EXPECT_TRUE(Contains(wrong_tool.err, "import with --from golang-migrate")) << wrong_tool.err;
  EXPECT_TRUE(Applied().empty());

  Run("UPDATE schema_migrations SET dirty = FALSE");
  json imported = Json({"import", "--from", "golang-migrate"});
  ASSERT_EQ(imported["recorded"].size(), 2u) << imported;
  EXPECT_EQ(imported["recorded"][1]["version"], "2");
  EXPECT_TRUE(imported["recorded"][0]["applied_at"].is_null());
  EXPECT_EQ(Applied(), (std::vector<std::string>{"1", "2"}));
}

TEST_P(ImportCliTest, DbmateWithTheRealBinary) {
  const std::string dbmate = ToolBinaryPath(
      "STRATA_DBMATE", std::string(STRATA_TEST_DATA) + "/../../build/dbmate/node_modules/@dbmate/linux-x64/bin/dbmate");
  if (dbmate.empty()) {
    if (std::getenv("STRATA_TEST_REQUIRE_SERVERS") && std::string(std::getenv("STRATA_TEST_REQUIRE_SERVERS")) == "1") {
      FAIL() << "dbmate is required: run scripts/fetch-dbmate.sh and set STRATA_DBMATE (scripts/test.sh does)";
    }
    GTEST_SKIP() << "dbmate not installed (scripts/fetch-dbmate.sh)";
  }
  dir_.Write("db/migrations/20240101000000_users.sql",
             "-- migrate:up\nCREATE TABLE users (id INTEGER);\n-- migrate:down\nDROP TABLE users;\n");
  dir_.Write("db/migrations/20240102000000_teams.sql",
             "-- migrate:up\nCREATE TABLE teams (id INTEGER);\n-- migrate:down\nDROP TABLE teams;\n");
  std::string url, secret;
  if (dialect_ == "sqlite") {
    url = "sqlite:" + url_.substr(std::string("sqlite:").size());
  } else {
    ServerUrlParts p = SplitServerUrl(url_);
    secret = p.password;
    url = dialect_ == "postgres" ? fmt::format("postgres://{}:{}@{}:{}/{}?sslmode=disable&search_path={}", p.user,
                                               p.password, p.host, p.port, p.database, p.schema)
                                 : fmt::format("mysql://{}:{}@{}:{}/{}", p.user, p.password, p.host, p.port, p.database);
  }
  Outcome up = RunToolShell(dir_.path(), "DATABASE_URL='" + url + "' '" + std::filesystem::absolute(dbmate).string() +
                                      "' --no-dump-schema --migrations-dir db/migrations up",
                     secret);
  ASSERT_EQ(up.exit_code, 0) << up.out;
  json imported = Json({"import", "--from", "dbmate"});
  ASSERT_EQ(imported["recorded"].size(), 2u) << imported;
  EXPECT_EQ(Applied(), (std::vector<std::string>{"20240101000000", "20240102000000"}));
  // Recorded as strata computes checksums: nothing modified, nothing to apply.
  EXPECT_EQ(strata_({"validate"}).exit_code, 0);
  EXPECT_EQ(Json({"up"})["summary"]["applied"], 0);
  EXPECT_EQ(Json({"import", "--from", "dbmate"})["already_recorded"].size(), 2u);
}

TEST_P(ImportCliTest, SqlMigrateWithTheRealBinary) {
  const std::string sql_migrate = ToolBinaryPath("STRATA_SQL_MIGRATE", "/usr/bin/sql-migrate");
  if (sql_migrate.empty()) {
    if (std::getenv("STRATA_TEST_REQUIRE_SERVERS") && std::string(std::getenv("STRATA_TEST_REQUIRE_SERVERS")) == "1") {
      FAIL() << "sql-migrate is required: scripts/install-deps.sh --tests installs it (Debian package sql-migrate)";
    }
    GTEST_SKIP() << "sql-migrate not installed";
  }
  dir_.Write("db/migrations/1_users.sql",
             "-- +migrate Up\nCREATE TABLE users (id INTEGER);\n-- +migrate Down\nDROP TABLE users;\n");
  dir_.Write("db/migrations/2_teams.sql", "-- +migrate Up\nCREATE TABLE teams (id INTEGER);\n");
  std::string secret, config;
  if (dialect_ == "sqlite") {
    config = "  dialect: sqlite3\n  datasource: " + url_.substr(std::string("sqlite:").size()) + "\n";
  } else {
    ServerUrlParts p = SplitServerUrl(url_);
    secret = p.password;
    config = dialect_ == "postgres"
                 ? fmt::format("  dialect: postgres\n  datasource: host={} port={} user={} password={} dbname={} "
                               "sslmode=disable search_path={}\n",
                               p.host, p.port, p.user, p.password, p.database, p.schema)
                 : fmt::format("  dialect: mysql\n  datasource: {}:{}@tcp({}:{})/{}?parseTime=true\n", p.user,
                               p.password, p.host, p.port, p.database);
  }
  dir_.Write("dbconfig.yml", "test:\n" + config + "  dir: db/migrations\n");
  Outcome up = RunToolShell(dir_.path(), "'" + sql_migrate + "' up -env=test -config=dbconfig.yml", secret);
  ASSERT_EQ(up.exit_code, 0) << up.out;
  json imported = Json({"import", "--from", "sql-migrate"});
  ASSERT_EQ(imported["recorded"].size(), 2u) << imported;
  EXPECT_TRUE(imported["recorded"][0]["applied_at"].is_string()) << imported;
  EXPECT_EQ(Applied(), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(strata_({"validate"}).exit_code, 0);

  // A row whose file is gone refuses a new import (strata's records stay as they were).
  std::filesystem::remove(dir_.path() / "db/migrations/2_teams.sql");
  Outcome refused = strata_({"import", "--from", "sql-migrate"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_TRUE(Contains(refused.err, "sql-migrate applied file 2_teams.sql, but no file in db/migrations has it"))
      << refused.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportCliTest,
                         ::testing::ValuesIn(testing::BackendsNamed({"sqlite", "postgres", "mariadb"})),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace strata
