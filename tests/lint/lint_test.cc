// The risk rules: every rule's own examples (the bad one flagged, the safer one not), suppression,
// configuration, what the database knows, positions, and the labelled corpus of tests/data/lint.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "strata/lint.h"
#include "strata/source.h"

namespace strata::lint {
namespace {

namespace fs = std::filesystem;

// An example as a migration: a full strata file or MongoDB document as is, else the up part of a file
// whose down part is harmless.
Migration ExampleMigration(Dialect dialect, const std::string& text) {
  bool json = dialect == Dialect::kMongodb;
  std::string content = text;
  if (!json && text.find("-- strata:down") == std::string::npos) {
    content = (text.rfind("-- strata:up", 0) == 0 ? text : "-- strata:up\n" + text) + "\n-- strata:down\nSELECT 1;\n";
  }
  auto m = ParseMigrationFile(json ? "20260101000000_example.json" : "20260101000000_example.sql", content);
  EXPECT_TRUE(m.ok()) << m.status().message() << "\n" << content;
  return m.ok() ? *m : Migration{};
}

std::vector<Finding> LintText(Dialect dialect, const std::string& text, LintOptions options = {}) {
  options.dialect = dialect;
  return LintMigration(ExampleMigration(dialect, text), options);
}

LintOptions WithServer(int version) {
  LintOptions options;
  options.server_version = version;
  return options;
}

LintOptions WithoutDdlLockTimeout() {
  LintOptions options;
  options.ddl_lock_timeout_ms = 0;
  return options;
}

bool Flags(const std::vector<Finding>& findings, const std::string& rule) {
  for (const Finding& f : findings) {
    if (f.rule == rule && f.allowed.empty()) return true;
  }
  return false;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) out += "  " + f.rule + " " + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.message + "\n";
  return out;
}

TEST(LintRules, EachExampleIsFlaggedAndItsSaferWayIsNot) {
  for (const RuleInfo& rule : Rules()) {
    ASSERT_FALSE(rule.examples.empty()) << rule.id;
    for (const RuleExample& example : rule.examples) {
      SCOPED_TRACE(std::string(rule.id) + " on " + DialectName(example.dialect));
      std::vector<Finding> bad = LintText(example.dialect, example.bad);
      EXPECT_TRUE(Flags(bad, rule.id)) << "not flagged:\n" << example.bad << "\nfound:\n" << Describe(bad);
      std::vector<Finding> good = LintText(example.dialect, example.good);
      EXPECT_FALSE(Flags(good, rule.id)) << "flagged:\n" << example.good << "\nfound:\n" << Describe(good);
    }
  }
}

TEST(LintRules, EnoughRulesForEachDatabaseAndIdsAreUnique) {
  std::map<Dialect, int> count;
  std::set<std::string> ids;
  for (const RuleInfo& rule : Rules()) {
    EXPECT_TRUE(ids.insert(rule.id).second) << "duplicate rule " << rule.id;
    EXPECT_TRUE(std::regex_match(std::string(rule.id), std::regex("[a-z0-9]+(-[a-z0-9]+)*"))) << rule.id;
    for (const RuleExample& e : rule.examples) ++count[e.dialect];
  }
  EXPECT_GE(count[Dialect::kPostgres], 40);
  EXPECT_GE(count[Dialect::kMysql], 25);
  EXPECT_GE(count[Dialect::kSqlite], 10);
  EXPECT_GE(count[Dialect::kDuckdb], 5);
  EXPECT_GE(count[Dialect::kMongodb], 10);
}

TEST(LintFindings, SayWhereWhatAndTheSaferWay) {
  std::vector<Finding> f = LintText(Dialect::kPostgres, "CREATE TABLE t (id bigint);\n\n  ALTER TABLE users DROP COLUMN phone;");
  ASSERT_TRUE(Flags(f, "drop-column")) << Describe(f);
  for (const Finding& x : f) {
    if (x.rule != "drop-column") continue;
    EXPECT_EQ(x.line, 4);  // line 1 is the `-- strata:up` marker
    EXPECT_EQ(x.column, 3);
    EXPECT_EQ(x.severity, Severity::kError);
    EXPECT_EQ(x.version, "20260101000000");
    EXPECT_NE(x.message.find("users"), std::string::npos);
    EXPECT_FALSE(x.at_run_time.empty());
    EXPECT_FALSE(x.safer.empty());
  }
}

TEST(LintFindings, StringsCommentsAndBodiesDoNotFoolTheReaders) {
  const std::vector<std::pair<Dialect, std::string>> harmless = {
      {Dialect::kPostgres, "INSERT INTO notes (body) VALUES ('DROP TABLE users; DELETE FROM users');"},
      {Dialect::kPostgres, "-- DROP TABLE users;\n/* TRUNCATE users; */ SELECT 1;"},
      {Dialect::kPostgres, "CREATE FUNCTION f() RETURNS void AS $$ BEGIN DELETE FROM users; END $$ LANGUAGE plpgsql;"},
      {Dialect::kMysql, "INSERT INTO notes (body) VALUES ('it''s DROP TABLE users'), (\"DELETE FROM users\");"},
      {Dialect::kMysql, "DELIMITER $$\nCREATE PROCEDURE p() BEGIN DELETE FROM users; END$$\nDELIMITER ;"},
      {Dialect::kMysql, "# DROP TABLE users;\nSELECT 1;"},
      {Dialect::kSqlite, "CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM users; UPDATE b SET x = 1; END;"},
      {Dialect::kDuckdb, "SELECT 'TRUNCATE users' AS s;"},
  };
  for (const auto& [dialect, text] : harmless) {
    std::vector<Finding> f = LintText(dialect, text);
    for (const Finding& x : f) {
      EXPECT_TRUE(x.rule == "no-down" || x.rule == "personal-data") << DialectName(dialect) << ": " << text << "\n" << Describe(f);
    }
  }
}

TEST(LintSuppression, AnAllowWithAReasonAcceptsOneStatementOnly) {
  std::vector<Finding> f = LintText(Dialect::kPostgres,
                                    "-- strata:allow drop-table replaced by audit_events\nDROP TABLE audit_log;\nDROP TABLE other_log;");
  int allowed = 0, open = 0;
  for (const Finding& x : f) {
    if (x.rule != "drop-table") continue;
    if (x.allowed.empty()) {
      ++open;
    } else {
      ++allowed;
    }
    if (!x.allowed.empty()) {
      EXPECT_EQ(x.allowed, "replaced by audit_events");
    }
  }
  EXPECT_EQ(allowed, 1);
  EXPECT_EQ(open, 1);
  EXPECT_EQ(HighestRisk(f), Severity::kError);

  std::vector<Finding> trailing =
      LintText(Dialect::kSqlite, "DROP TABLE a; -- strata:allow drop-table emptied in 2024\nDROP TABLE b;");
  int still_flagged = 0;
  for (const Finding& x : trailing) still_flagged += x.rule == "drop-table" && x.allowed.empty();
  EXPECT_EQ(still_flagged, 1) << Describe(trailing);  // the comment after `;` is the first statement's

  std::vector<Finding> without = LintText(Dialect::kSqlite, "DROP TABLE audit_log; -- strata:allow drop-table\n");
  EXPECT_TRUE(Flags(without, "drop-table"));
  EXPECT_TRUE(Flags(without, "allow-without-reason"));
}

TEST(LintSettings, RulesCanBeTurnedOffOrRegraded) {
  LintOptions options;
  options.rules["drop-table"] = RuleSetting{false, std::nullopt};
  options.rules["rename-column"] = RuleSetting{true, Severity::kError};
  std::vector<Finding> f = LintText(Dialect::kPostgres, "DROP TABLE a;\nALTER TABLE b RENAME COLUMN x TO y;", options);
  EXPECT_FALSE(Flags(f, "drop-table"));
  ASSERT_TRUE(Flags(f, "rename-column"));
  for (const Finding& x : f) {
    if (x.rule == "rename-column") {
      EXPECT_EQ(x.severity, Severity::kError);
    }
  }
}

TEST(LintDatabaseFacts, ASmallTableIsABriefLockAndANewOneNone) {
  const std::string sql = "CREATE INDEX big_idx ON big (a);\nCREATE INDEX small_idx ON small (a);";
  LintOptions offline;
  std::vector<Finding> assumed = LintText(Dialect::kPostgres, sql, offline);
  int warnings = 0;
  for (const Finding& x : assumed) warnings += x.rule == "create-index-without-concurrently" && x.severity == Severity::kWarning;
  EXPECT_EQ(warnings, 2) << Describe(assumed);

  LintOptions connected;
  connected.table_rows = std::map<std::string, int64_t>{{"big", 5'000'000}, {"small", 12}};
  std::map<std::string, Severity> severity;
  for (const Finding& x : LintText(Dialect::kPostgres, sql, connected)) {
    if (x.rule == "create-index-without-concurrently") severity[x.message.substr(x.message.find(" ON ") + 4)] = x.severity;
  }
  EXPECT_EQ(severity["big"], Severity::kWarning);
  EXPECT_EQ(severity["small"], Severity::kInfo);

  std::vector<Finding> fresh = LintText(Dialect::kPostgres, "CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);");
  EXPECT_FALSE(Flags(fresh, "create-index-without-concurrently"));
}

TEST(LintDatabaseFacts, TheServerVersionDecidesVersionBoundRules) {
  const std::string add_value = "ALTER TYPE mood ADD VALUE 'meh';";
  LintOptions old_server, new_server;
  old_server.server_version = 110000;
  new_server.server_version = 150004;
  EXPECT_TRUE(Flags(LintText(Dialect::kPostgres, add_value, old_server), "enum-add-value-in-transaction"));
  EXPECT_FALSE(Flags(LintText(Dialect::kPostgres, add_value, new_server), "enum-add-value-in-transaction"));
  EXPECT_TRUE(Flags(LintText(Dialect::kPostgres, add_value + "\nUPDATE t SET m = 'meh' WHERE id = 1;", new_server),
                    "enum-add-value-in-transaction"));
  const std::string constant_default = "ALTER TABLE t ADD COLUMN n int NOT NULL DEFAULT 0;";
  EXPECT_TRUE(Flags(LintText(Dialect::kPostgres, constant_default, WithServer(100000)), "volatile-default"));
  EXPECT_FALSE(Flags(LintText(Dialect::kPostgres, constant_default, new_server), "volatile-default"));
}

TEST(LintDatabaseFacts, StrataOwnLockTimeoutCounts) {
  const std::string alter = "ALTER TABLE orders ADD COLUMN note text;";
  EXPECT_FALSE(Flags(LintText(Dialect::kPostgres, alter), "lock-timeout-off"));
  EXPECT_TRUE(Flags(LintText(Dialect::kPostgres, alter, WithoutDdlLockTimeout()), "lock-timeout-off"));
  EXPECT_FALSE(Flags(LintText(Dialect::kPostgres, "SET lock_timeout = '2s';\n" + alter, WithoutDdlLockTimeout()),
                     "lock-timeout-off"));
}

// tests/data/lint/<dialect>/<case>.sql|.json, each saying on its first line which rules it must raise:
// `-- expect: rule-a, rule-b` (or `-- expect: none`; JSON files: "expect" member). Recall and precision
// per dialect, over the rules each case names or raises.
TEST(LintCorpus, RecallAndPrecisionPerDatabase) {
  fs::path root = fs::path(STRATA_TEST_DATA) / "lint";
  ASSERT_TRUE(fs::is_directory(root)) << root;
  int cases = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    auto dialect = ParseDialect(dir.path().filename().string());
    ASSERT_TRUE(dialect) << dir.path();
    int true_positive = 0, false_positive = 0, false_negative = 0, files = 0;
    std::string misses;
    for (const auto& file : fs::directory_iterator(dir.path())) {
      std::ifstream in(file.path());
      std::stringstream buffer;
      buffer << in.rdbuf();
      std::string content = buffer.str();
      std::smatch m;
      static const std::regex kExpect(R"re((?:--|#)\s*expect:\s*([^\n"]*)|"expect"\s*:\s*"([^"]*)")re");
      ASSERT_TRUE(std::regex_search(content, m, kExpect)) << file.path() << ": no expect line";
      std::set<std::string> expected;
      std::stringstream list(m[1].matched ? m[1].str() : m[2].str());
      for (std::string rule; std::getline(list, rule, ',');) {
        rule.erase(0, rule.find_first_not_of(" \t"));
        rule.erase(rule.find_last_not_of(" \t\r") + 1);
        if (!rule.empty() && rule != "none") {
          EXPECT_NE(FindRule(rule), nullptr) << file.path() << ": unknown rule " << rule;
          expected.insert(rule);
        }
      }
      std::string name = "20260101000000_" + file.path().stem().string() + file.path().extension().string();
      auto migration = ParseMigrationFile((dir.path() / name).string(), content);
      ASSERT_TRUE(migration.ok()) << file.path() << ": " << migration.status().message();
      LintOptions options;
      options.dialect = *dialect;
      std::set<std::string> found;
      for (const Finding& f : LintMigration(*migration, options)) {
        if (f.allowed.empty() && f.rule != "no-down") found.insert(f.rule);
      }
      expected.erase("no-down");
      for (const std::string& r : expected) {
        if (found.count(r)) {
          ++true_positive;
        } else {
          ++false_negative;
          misses += "  missed " + r + " in " + file.path().filename().string() + "\n";
        }
      }
      for (const std::string& r : found) {
        if (expected.count(r)) continue;
        ++false_positive;
        misses += "  extra " + r + " in " + file.path().filename().string() + "\n";
      }
      ++files;
    }
    cases += files;
    double recall = true_positive + false_negative ? 1.0 * true_positive / (true_positive + false_negative) : 1;
    double precision = true_positive + false_positive ? 1.0 * true_positive / (true_positive + false_positive) : 1;
    std::printf("lint corpus %-8s %3d cases: recall %.3f, precision %.3f (%d found, %d missed, %d extra)\n",
                DialectName(*dialect), files, recall, precision, true_positive, false_negative, false_positive);
    // Offline, some facts cannot be known (whether MODIFY changes a MySQL column's type): not 1.0.
    EXPECT_GE(recall, 0.9) << misses;
    EXPECT_GE(precision, 0.9) << misses;
  }
  EXPECT_GE(cases, 200);
}

// What a backup copies: the tables of data-loss findings, a dropped column alone, every named table
// when asked, and nothing the part makes itself.
TEST(TablesAtRiskTest, EachSqlDialectNamesWhatItDestroys) {
  for (Dialect dialect : {Dialect::kPostgres, Dialect::kMysql, Dialect::kSqlite, Dialect::kDuckdb}) {
    SCOPED_TRACE(DialectName(dialect));
    LintOptions options;
    options.dialect = dialect;
    auto at_risk = [&](const std::string& up, bool every_touched = false) {
      Migration m = ExampleMigration(dialect, up);
      std::vector<std::string> out;
      for (const TableAtRisk& t : TablesAtRisk(LintPart(m, m.up, false, options), m.up, dialect, every_touched)) {
        out.push_back(t.table + (t.columns.empty() ? "" : "(" + t.columns.front() + ")"));
      }
      return out;
    };
    using Names = std::vector<std::string>;
    EXPECT_EQ(at_risk("DROP TABLE orders;"), Names{"orders"});
    EXPECT_EQ(at_risk("DELETE FROM orders;\nUPDATE users SET name = NULL;"), (Names{"orders", "users"}));
    EXPECT_EQ(at_risk("ALTER TABLE users DROP COLUMN email;"), Names{"users(email)"});
    EXPECT_EQ(at_risk("ALTER TABLE users DROP COLUMN email;\nDELETE FROM users;"), Names{"users"}) << "whole table wins";
    EXPECT_TRUE(at_risk("CREATE TABLE t (id INTEGER);\nDROP TABLE t;").empty()) << "made by the part itself";
    EXPECT_TRUE(at_risk("UPDATE users SET name = 'x' WHERE id = 1;").empty());
    EXPECT_EQ(at_risk("UPDATE users SET name = 'x' WHERE id IN (SELECT user_id FROM orders);", true),
              (Names{"orders", "users"}));
  }
}

// A batched migration's UPDATE/DELETE without WHERE is still reported (every row is reached), but what
// it says at run time is what batches do: no writer waits for the whole statement.
TEST(BatchedFindingsTest, SayWritersWaitOneBatchNotTheWholeStatement) {
  for (Dialect dialect : {Dialect::kPostgres, Dialect::kMysql, Dialect::kSqlite, Dialect::kDuckdb}) {
    SCOPED_TRACE(DialectName(dialect));
    LintOptions options;
    options.dialect = dialect;
    const std::string body = "-- strata:up\nUPDATE users SET name = NULL;\n-- strata:down\nDELETE FROM users;\n";
    std::map<std::string, Finding> plain, batched;
    for (const Finding& f : LintMigration(ExampleMigration(dialect, body), options)) plain[f.rule] = f;
    Migration m = ExampleMigration(dialect, "-- strata:batch size=500\n" + body);
    ASSERT_TRUE(m.batch);
    for (const Finding& f : LintMigration(m, options)) batched[f.rule] = f;
    for (const Finding& f : LintPart(m, *m.down, true, options)) batched["down:" + f.rule] = f;

    ASSERT_TRUE(plain.count("update-without-where") && batched.count("update-without-where"));
    EXPECT_NE(plain["update-without-where"].at_run_time.find("wait for the whole update"), std::string::npos);
    const Finding& update = batched["update-without-where"];
    EXPECT_EQ(update.at_run_time.find("wait for the whole update"), std::string::npos) << update.at_run_time;
    EXPECT_NE(update.at_run_time.find("batches of 500 rows"), std::string::npos) << update.at_run_time;
    EXPECT_NE(update.at_run_time.find("at most one batch"), std::string::npos) << update.at_run_time;
    EXPECT_EQ(update.severity, plain["update-without-where"].severity) << "the old values are lost all the same";
    ASSERT_TRUE(batched.count("delete-without-where") && batched.count("down:delete-without-where"));
    EXPECT_NE(batched["delete-without-where"].at_run_time.find("deleted, in batches of 500"), std::string::npos);
    EXPECT_EQ(batched["down:delete-without-where"].at_run_time, batched["delete-without-where"].at_run_time)
        << "the engine's path (LintPart) says the same";
  }
}

}  // namespace
}  // namespace strata::lint
