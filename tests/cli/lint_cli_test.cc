// `strata lint` and the risk analysis in the change commands, run as a user runs them: the three
// formats (SARIF checked against its schema), exit codes, strata.toml, the status column, dry runs,
// warnings, and the production guard on a terminal and without one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/backends.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

class LintCliTest : public ::testing::Test {
 protected:
  LintCliTest() : strata_(dir_.path()) {
    strata_.env["DATABASE_URL"] = "sqlite:app.db";
    dir_.Write("db/migrations/001_users.sql",
               "-- strata:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, phone TEXT);\n"
               "-- strata:down\nDROP TABLE users;\n");
    dir_.Write("db/migrations/002_drop_phone.sql",
               "-- strata:up\nUPDATE users SET email = lower(email) WHERE email IS NOT NULL;\n"
               "ALTER TABLE users DROP COLUMN phone;\n-- strata:down\nALTER TABLE users ADD COLUMN phone TEXT;\n");
  }

  TempDir dir_;
  Strata strata_;
};

TEST_F(LintCliTest, TableForPeopleWithWhereWhatAndTheSaferWay) {
  Outcome o = strata_({"lint"});
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  EXPECT_NE(o.out.find("db/migrations/002_drop_phone.sql:3:19: error drop-column"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("at run time:"), std::string::npos);
  EXPECT_NE(o.out.find("safer:"), std::string::npos);
  EXPECT_NE(o.out.find("irreversible-down"), std::string::npos);
  EXPECT_NE(o.out.find("2 migration(s) read as sqlite"), std::string::npos);
  EXPECT_EQ(o.out.find("001_users.sql"), std::string::npos) << "a down part dropping what its up part made is no risk";
}

TEST_F(LintCliTest, JsonAndTheFailOnThreshold) {
  Outcome o = strata_({"lint", "--format", "json"});
  EXPECT_EQ(o.exit_code, 1);
  json j = json::parse(o.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << o.out;
  EXPECT_EQ(j["dialect"], "sqlite");
  EXPECT_EQ(j["summary"]["error"], 1);
  EXPECT_EQ(j["ok"], false);
  bool saw = false;
  for (const json& f : j["findings"]) {
    if (f["rule"] != "drop-column") continue;
    saw = true;
    EXPECT_EQ(f["version"], "002");
    EXPECT_EQ(f["line"], 3);
    EXPECT_EQ(f["column"], 19);
    EXPECT_EQ(f["part"], "up");
    EXPECT_FALSE(f["safer"].get<std::string>().empty());
  }
  EXPECT_TRUE(saw);
  EXPECT_EQ(strata_({"lint", "--fail-on", "none"}).exit_code, 0);
  dir_.Write("db/migrations/002_drop_phone.sql",
             "-- strata:up\n-- strata:allow drop-column nothing reads phone since v41\nALTER TABLE users DROP COLUMN phone;\n"
             "-- strata:down\nALTER TABLE users ADD COLUMN phone TEXT;\n");
  EXPECT_EQ(strata_({"lint"}).exit_code, 0);
  json allowed = json::parse(strata_({"--json", "lint"}).out, nullptr, false);
  EXPECT_EQ(allowed["summary"]["allowed"], 1) << allowed.dump();  // and an accepted loss is no irreversible down
  dir_.Write("db/migrations/003_rename.sql", "-- strata:up\nALTER TABLE users RENAME COLUMN email TO mail;\n-- strata:down\n"
                                              "ALTER TABLE users RENAME COLUMN mail TO email;\n");
  EXPECT_EQ(strata_({"lint"}).exit_code, 0);                           // warnings only
  EXPECT_EQ(strata_({"lint", "--fail-on", "warning"}).exit_code, 1);
  EXPECT_EQ(strata_({"lint", "--fail-on", "sometimes"}).exit_code, 2);
}

TEST_F(LintCliTest, SarifValidatesAgainstTheSchema) {
  Outcome o = strata_({"lint", "--format", "sarif", "--fail-on", "none"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  json sarif = json::parse(o.out, nullptr, false);
  ASSERT_TRUE(sarif.is_object());
  EXPECT_EQ(sarif["version"], "2.1.0");
  const json& run = sarif["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "strata");
  bool located = false;
  for (const json& r : run["results"]) {
    if (r["ruleId"] != "drop-column") continue;
    located = r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3;
    EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<int>()]["id"], "drop-column");
  }
  EXPECT_TRUE(located) << o.out;

  const char* validator = std::getenv("STRATA_SARIF_DIR");
  if (!validator) {
    ASSERT_EQ(std::getenv("STRATA_TEST_REQUIRE_SERVERS"), nullptr)
        << "STRATA_SARIF_DIR is unset: run scripts/fetch-sarif-validator.sh (scripts/test.sh does)";
    GTEST_SKIP() << "no SARIF schema validator: set STRATA_SARIF_DIR (scripts/fetch-sarif-validator.sh)";
  }
  dir_.Write("lint.sarif", o.out);
  std::string script = std::string(STRATA_TEST_DATA) + "/../lint/validate_sarif.js";
  std::string command = "node '" + script + "' '" + validator + "' '" + (dir_.path() / "lint.sarif").string() + "' 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  // The check can fail: a log with a level SARIF does not have is refused.
  dir_.Write("bad.sarif", json{{"version", "2.1.0"}, {"runs", {{{"tool", {{"driver", {{"name", "x"}}}}}, {"results", {{{"level", "fatal"}, {"message", {{"text", "m"}}}}}}}}}}.dump());
  command = "node '" + script + "' '" + validator + "' '" + (dir_.path() / "bad.sarif").string() + "' >/dev/null 2>&1";
  EXPECT_NE(std::system(command.c_str()), 0);
}

TEST_F(LintCliTest, TheRulesDocumentIsWhatTheCatalogSays) {
  Outcome o = strata_({"lint", "--rules", "--format", "markdown"});
  ASSERT_EQ(o.exit_code, 0);
  std::ifstream in(std::string(STRATA_TEST_DATA) + "/../../docs/lint-rules.md");
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_EQ(doc.str(), o.out) << "docs/lint-rules.md is stale: strata lint --rules --format markdown > docs/lint-rules.md";
  json rules = json::parse(strata_({"lint", "--rules", "--format", "json"}).out, nullptr, false);
  EXPECT_GE(rules.size(), 60u);
  EXPECT_NE(strata_({"lint", "--rules"}).out.find("drop-table"), std::string::npos);
}

TEST_F(LintCliTest, StrataTomlTurnsRulesOffAndRegradesThem) {
  dir_.Write("strata.toml", "[lint]\nfail_on = \"warning\"\n[lint.rules]\ndrop-column = \"info\"\nirreversible-down = \"off\"\n");
  Outcome o = strata_({"lint"});
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("info drop-column"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("irreversible-down"), std::string::npos);
  dir_.Write("strata.toml", "[lint]\nfail_on = \"info\"\n[lint.rules]\ndrop-column = \"info\"\n");
  EXPECT_EQ(strata_({"lint"}).exit_code, 1);
  dir_.Write("strata.toml", "[lint.rules]\ndrop-colum = \"off\"\n");
  Outcome bad = strata_({"lint"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("strata.toml:2: lint.rules names no rule 'drop-colum'"), std::string::npos) << bad.err;
}

TEST_F(LintCliTest, FilesOnTheCommandLineAndTheDialect) {
  dir_.Write("review/add_index.sql", "-- strata:up\nCREATE INDEX users_email ON users (email);\n");
  Outcome pg = strata_({"lint", "--dialect", "postgres", "review/add_index.sql"});
  EXPECT_NE(pg.out.find("review/add_index.sql:2:1: warning create-index-without-concurrently"), std::string::npos) << pg.out << pg.err;
  Outcome lite = strata_({"lint", "review/add_index.sql"});  // the URL says SQLite: no such lock there
  EXPECT_EQ(lite.out.find("create-index-without-concurrently"), std::string::npos) << lite.out;
  EXPECT_EQ(strata_({"lint", "--dialect", "oracle"}).exit_code, 2);
  EXPECT_EQ(strata_({"lint", "review/missing.sql"}).exit_code, 2);
}

TEST_F(LintCliTest, StatusShowsThePendingRiskAndDryRunsTheFindings) {
  ASSERT_EQ(strata_({"up", "--to", "001"}).exit_code, 0);
  Outcome status = strata_({"status"});
  EXPECT_NE(status.out.find("error drop-column"), std::string::npos) << status.out;
  json j = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_EQ(j["migrations"][1]["risk"]["highest"], "error");
  EXPECT_TRUE(j["migrations"][0]["risk"].is_null());
  Outcome dry = strata_({"up", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("risk: 1 finding(s)"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("error drop-column"), std::string::npos);
  json dry_json = json::parse(strata_({"--json", "up", "--dry-run"}).out, nullptr, false);
  EXPECT_EQ(dry_json["risks"][0]["rule"], "drop-column");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 0);
  EXPECT_NE(up.err.find("risk: 1 finding(s) in what is about to run"), std::string::npos) << up.err;
}

TEST_F(LintCliTest, ProductionAsksOnATerminalAndRefusesWithoutOne) {
  ASSERT_EQ(strata_({"up", "--to", "001"}).exit_code, 0);
  strata_.env["STRATA_ENV"] = "production";
  Outcome refused = strata_({"up"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("refused in production"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("drop-column"), std::string::npos);
  EXPECT_EQ(strata_({"--json", "status"}).out.find("\"applied\":2"), std::string::npos);

  Outcome no = strata_.OnTerminal({"up"}, "n");
  EXPECT_NE(no.out.find("Run anyway?"), std::string::npos) << no.out;
  EXPECT_NE(no.exit_code, 0);
  json still = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_EQ(still["summary"]["pending"], 1);

  strata_.env["MIGRATION_REQUIRE_CONFIRMATION"] = "false";  // no prompt: a terminal does not help
  Outcome unprompted = strata_.OnTerminal({"up"}, "y");
  EXPECT_EQ(unprompted.out.find("Run anyway?"), std::string::npos);
  EXPECT_NE(unprompted.exit_code, 0);
  strata_.env.erase("MIGRATION_REQUIRE_CONFIRMATION");

  Outcome yes = strata_.OnTerminal({"up"}, "y");
  EXPECT_EQ(yes.exit_code, 0) << yes.out;
  json done = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_EQ(done["summary"]["pending"], 0);

  // Reverting is guarded the same way; --yes confirms without a terminal, --env sets the environment.
  strata_.env.erase("STRATA_ENV");
  dir_.Write("db/migrations/003_audit.sql", "-- strata:up\nCREATE TABLE audit (id INTEGER);\n-- strata:down\nDELETE FROM users;\n"
                                             "DROP TABLE audit;\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_EQ(strata_({"--env", "production", "down"}).exit_code, 2);
  EXPECT_EQ(strata_({"--env", "production", "revert", "003"}).exit_code, 2);
  EXPECT_EQ(strata_({"--env", "production", "revert", "003", "--yes"}).exit_code, 0);
}

// What the database knows: on a server, table sizes from the catalog make a lock on a small table brief
// (info), and its version quiets rules of older servers.
class LintServerTest : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(LintServerTest, TableSizesAndTheVersionComeFromTheCatalog) {
  const testing::Backend& backend = GetParam();
  ASSERT_FALSE(backend.required_but_missing) << backend.name << " is required (STRATA_TEST_REQUIRE_SERVERS) but not configured";
  if (backend.base_url.empty()) GTEST_SKIP() << backend.name << " not configured";
  TempDir dir;
  Strata strata(dir.path());
  strata.env["DATABASE_URL"] = testing::FreshUrl(backend, dir);
  bool pg = backend.name == "postgres";
  dir.Write("db/migrations/001_tables.sql",
            pg ? "-- strata:up\nCREATE TABLE lint_big (id int, body text);\nCREATE TABLE lint_small (id int, body text);\n"
                 "INSERT INTO lint_big SELECT g, 'x' FROM generate_series(1, 50000) g;\nINSERT INTO lint_small VALUES (1, 'x');\n"
                 "ANALYZE lint_big;\nANALYZE lint_small;\n"
               : "-- strata:up\nCREATE TABLE lint_big (id INT PRIMARY KEY, body TEXT);\n"
                 "CREATE TABLE lint_small (id INT PRIMARY KEY, body TEXT);\nSET SESSION max_recursive_iterations = 100000;\n"
                 "INSERT INTO lint_big (id, body) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 50000) "
                 "SELECT n, 'x' FROM s;\nINSERT INTO lint_small VALUES (1, 'x');\nANALYZE TABLE lint_big, lint_small;\n");
  dir.Write("db/migrations/002_indexes.sql",
            pg ? "-- strata:up\nCREATE INDEX lint_big_id ON lint_big (id);\nCREATE INDEX lint_small_id ON lint_small (id);\n"
                 "ALTER TYPE lint_mood ADD VALUE 'meh';\n"
               : "-- strata:up\nALTER TABLE lint_big ADD FULLTEXT INDEX lint_big_body (body);\n"
                 "ALTER TABLE lint_small ADD FULLTEXT INDEX lint_small_body (body);\n");
  Outcome up = strata({"up", "--to", "001"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  std::string rule = pg ? "create-index-without-concurrently" : "fulltext-index";
  auto severities = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"--json", "lint", "--pending", "--fail-on", "none"};
    args.insert(args.end(), extra.begin(), extra.end());
    Outcome o = strata(args);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    std::map<std::string, std::string> by_table;
    json j = json::parse(o.out, nullptr, false);
    for (const json& f : j["findings"]) {
      if (f["rule"] == rule) by_table[f["message"].get<std::string>().find("lint_big") != std::string::npos ? "big" : "small"] = f["severity"];
      if (f["rule"] == "enum-add-value-in-transaction") by_table["enum"] = f["severity"];
    }
    return by_table;
  };
  auto connected = severities({});
  EXPECT_EQ(connected["big"], "warning");
  EXPECT_EQ(connected["small"], "info");
  if (pg) {
    EXPECT_EQ(connected.count("enum"), 0u) << "PostgreSQL 12 and later take ADD VALUE in a transaction";
  }
  auto assumed = severities({"--assume-large"});
  EXPECT_EQ(assumed["big"], "warning");
  EXPECT_EQ(assumed["small"], "warning");
}

INSTANTIATE_TEST_SUITE_P(Servers, LintServerTest, ::testing::ValuesIn(testing::ServerBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace strata
