// The templates of `strata new --template`: every built-in one, filled with sample values, is read by the
// loader as a migration that does something, has its down part where it says so, and passes the risk
// analysis of its database with no error; placeholders, the description header, and user templates.
#include "source/templates.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "core/text.h"
#include "source/template_catalog.h"
#include "source/template_fill.h"
#include "strata/lint.h"
#include "strata/source.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

const char* const kDialects[] = {"postgres", "mysql", "sqlite", "duckdb", "mongodb"};

std::map<std::string, std::string> SampleValues() {
  return TemplateValues("sample", "20260101000000", "",
                        {{"table", "users"}, {"column", "nickname"}, {"new_column", "display_name"}});
}

// The template filled with the sample values and read as the loader reads a file.
Migration Sample(const std::string& dialect, const BuiltinTemplate& t) {
  const bool json = dialect == "mongodb";
  auto text = FillTemplate(t.text, SampleValues(), json, t.name);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  if (!text.ok()) return Migration{};
  EXPECT_EQ(text->find("{{"), std::string::npos) << *text;
  auto m = ParseMigrationFile(json ? "20260101000000_sample.json" : "20260101000000_sample.sql", *text);
  EXPECT_TRUE(m.ok()) << m.status().ToString() << "\n" << *text;
  return m.ok() ? *m : Migration{};
}

// A part that does something: statements (SQL), or at least one command (JSON).
bool DoesSomething(const Section& section, bool json) {
  if (!json) return !IsBlankSql(section.text);
  nlohmann::json commands = nlohmann::json::parse(section.text, nullptr, false);
  return commands.is_array() && !commands.empty();
}

TEST(BuiltinTemplates, EveryDatabaseHasTheCommonOnes) {
  const std::set<std::string> sql = {"add-column", "add-index", "create-table", "data", "seed"};
  const std::set<std::string> mongodb = {"add-field", "create-collection", "index", "rename-field",
                                         "seed",      "transform"};
  for (const char* dialect : kDialects) {
    std::set<std::string> names;
    std::string previous;
    for (const BuiltinTemplate& t : BuiltinTemplates(dialect)) {
      EXPECT_LT(previous, t.name) << dialect << ": sorted by name";
      previous = t.name;
      names.insert(t.name);
      EXPECT_EQ(FindBuiltinTemplate(dialect, t.name), &t);
      EXPECT_FALSE(std::string(t.summary).empty());
      EXPECT_EQ(std::string(t.summary).find('\n'), std::string::npos);
    }
    EXPECT_EQ(names, std::string(dialect) == "mongodb" ? mongodb : sql) << dialect;
  }
  EXPECT_TRUE(BuiltinTemplates("oracle").empty());
  EXPECT_EQ(FindBuiltinTemplate("postgres", "add-field"), nullptr);
}

TEST(BuiltinTemplates, LoadAndPassTheRiskAnalysisWithoutAnError) {
  for (const char* dialect : kDialects) {
    for (const BuiltinTemplate& t : BuiltinTemplates(dialect)) {
      SCOPED_TRACE(std::string(dialect) + " " + t.name);
      const bool json = std::string(dialect) == "mongodb";
      Migration m = Sample(dialect, t);
      EXPECT_TRUE(DoesSomething(m.up, json)) << m.up.text;
      EXPECT_EQ(m.reversible(), t.reversible);
      if (m.down && t.reversible) {
        EXPECT_TRUE(DoesSomething(*m.down, json)) << m.down->text;
      }
      lint::LintOptions options;
      options.dialect = *lint::ParseDialect(dialect);
      for (const lint::Finding& f : lint::LintMigration(m, options)) {
        if (f.severity == lint::Severity::kError && f.allowed.empty()) ADD_FAILURE() << lint::FindingLine(f);
        // PostgreSQL's own parser reads every statement: a template it refuses would fail when run.
        EXPECT_NE(f.rule, "syntax-error") << lint::FindingLine(f);
        EXPECT_NE(f.rule, "allow-without-reason") << lint::FindingLine(f);
      }
    }
  }
}

TEST(BuiltinTemplates, IndexesAreBuiltTheOnlineWay) {
  auto postgres = ParseMigrationFile(
      "1_i.sql", *FillTemplate(FindBuiltinTemplate("postgres", "add-index")->text, SampleValues(), false, "t"));
  ASSERT_TRUE(postgres.ok());
  EXPECT_NE(postgres->up.text.find("CREATE INDEX CONCURRENTLY IF NOT EXISTS users_nickname_idx ON users (nickname)"),
            std::string::npos);
  EXPECT_FALSE(postgres->up.transaction);
  ASSERT_TRUE(postgres->down);
  EXPECT_FALSE(postgres->down->transaction);
  std::string mysql = *FillTemplate(FindBuiltinTemplate("mysql", "add-index")->text, SampleValues(), false, "t");
  EXPECT_NE(mysql.find("ALGORITHM=INPLACE LOCK=NONE"), std::string::npos) << mysql;
}

TEST(TemplateValues, ComeFromVarsThenFromTheName) {
  auto add = TemplateValues("add_email_to_users", "003", "", {});
  EXPECT_EQ(add["table"], "users");
  EXPECT_EQ(add["column"], "email");
  EXPECT_EQ(add["name"], "add_email_to_users");
  EXPECT_EQ(add["version"], "003");
  EXPECT_EQ(add["description"], "add email to users");
  EXPECT_EQ(add["new_column"], "email_new");
  auto rename = TemplateValues("rename_phone_to_mobile_in_contacts", "1", "", {});
  EXPECT_EQ(rename["column"], "phone");
  EXPECT_EQ(rename["new_column"], "mobile");
  EXPECT_EQ(rename["table"], "contacts");
  EXPECT_EQ(TemplateValues("index_email_on_users", "1", "", {})["table"], "users");
  EXPECT_EQ(TemplateValues("add_index_email_on_users", "1", "", {})["column"], "email");
  EXPECT_EQ(TemplateValues("create_orders", "1", "", {})["table"], "orders");
  EXPECT_EQ(TemplateValues("create_orders_table", "1", "", {})["table"], "orders");
  auto plain = TemplateValues("backfill", "1", "Two\nlines", {});
  EXPECT_EQ(plain["table"], "my_table");
  EXPECT_EQ(plain["column"], "my_column");
  EXPECT_EQ(plain["description"], "Two lines");  // one line: a newline would end an SQL comment
  auto given =
      TemplateValues("add_email_to_users", "1", "", {{"table", "accounts"}, {"column", "phone"}, {"owner", "ops"}});
  EXPECT_EQ(given["table"], "accounts");
  EXPECT_EQ(given["new_column"], "phone_new");
  EXPECT_EQ(given["owner"], "ops");
}

TEST(FillTemplate, ReplacesPlaceholdersAndNamesAMissingOne) {
  std::map<std::string, std::string> values = {{"table", "users"}, {"quote", "say \"hi\"\\"}};
  EXPECT_EQ(*FillTemplate("SELECT * FROM {{table}}, {{ table }};", values, false, "t"), "SELECT * FROM users, users;");
  // Braces that hold no name stay; ${NAME} is left for `up`.
  EXPECT_EQ(*FillTemplate("{{1}} {{{table}}} ${X} ${{table}}", values, false, "t"), "{{1}} {users} ${X} $users");
  // JSON: a value is string content, whatever it holds.
  EXPECT_EQ(*FillTemplate(R"({"d": "{{quote}}"})", values, true, "t"), R"({"d": "say \"hi\"\\"})");
  auto missing = FillTemplate("-- strata:up\nSELECT {{owner}};\n", values, false, "db/templates/x.sql");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("db/templates/x.sql (line 2)"), std::string::npos)
      << missing.status().message();
  EXPECT_NE(missing.status().message().find("{{owner}}"), std::string::npos);
  EXPECT_NE(missing.status().message().find("--var owner=VALUE"), std::string::npos);
}

TEST(WithDescription, GoesIntoTheHeader) {
  auto sql = WithDescription("-- strata:up\nSELECT 1;\n", "Adds a\nflag", false, "t");
  EXPECT_EQ(*sql, "-- strata:description Adds a flag\n-- strata:up\nSELECT 1;\n");
  std::string placed = "-- strata:description mine\n-- strata:up\nSELECT 1;\n";
  EXPECT_EQ(*WithDescription(placed, "other", false, "t"), placed);
  EXPECT_EQ(*WithDescription("-- strata:up\n", "", false, "t"), "-- strata:up\n");

  auto json = WithDescription(R"({"up": [{"create": "t"}], "down": [{"drop": "t"}]})", "Makes \"t\"", true, "t");
  ASSERT_TRUE(json.ok());
  auto m = ParseMigrationFile("1_t.json", *json);
  ASSERT_TRUE(m.ok()) << m.status().ToString() << *json;
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(*json);
  EXPECT_EQ(doc.begin().key(), "description");
  EXPECT_EQ(doc["description"], "Makes \"t\"");
  EXPECT_FALSE(WithDescription("{\"up\": [", "x", true, "db/templates/t.json").ok());
}

TEST(TemplateCatalog, UserTemplatesOverrideBuiltinsAndUnknownNamesListTheChoices) {
  TempDir dir;
  const std::string templates = (dir.path() / "db" / "templates").string();
  EXPECT_EQ(TemplatesDirectoryFor((dir.path() / "db" / "migrations").string()), templates);
  EXPECT_EQ(TemplatesDirectoryFor((dir.path() / "db" / "migrations/").string()), templates);
  EXPECT_EQ(TemplatesDirectoryFor("migrations"), "templates");

  auto none = ListMigrationTemplates("sqlite", templates);  // no directory: the built-in ones
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->size(), 5u);

  dir.Write("db/templates/create-table.sql",
            "-- Our tables carry a tenant\n-- strata:up\nCREATE TABLE {{table}} (id INTEGER);\n");
  dir.Write("db/templates/audit.sql", "-- strata:up\nCREATE TABLE audit (id INTEGER);\n");
  dir.Write("db/templates/events.json", "{\"description\": \"A collection\", \"up\": []}");  // MongoDB's, not SQLite's
  auto listed = ListMigrationTemplates("sqlite", templates);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  std::map<std::string, MigrationTemplateInfo> by_name;
  for (const MigrationTemplateInfo& t : *listed) by_name[t.name] = t;
  EXPECT_EQ(by_name.size(), 6u);
  EXPECT_EQ(by_name["create-table"].summary, "Our tables carry a tenant");
  EXPECT_TRUE(by_name["create-table"].overrides_builtin);
  EXPECT_FALSE(by_name["audit"].path.empty());
  EXPECT_FALSE(by_name["audit"].overrides_builtin);
  EXPECT_NE(by_name["audit"].summary.find("no summary"), std::string::npos);
  EXPECT_TRUE(by_name["add-index"].path.empty());
  EXPECT_FALSE(by_name.count("events"));

  auto mine = ResolveTemplate("sqlite", templates, "create-table");
  ASSERT_TRUE(mine.ok());
  EXPECT_NE(mine->text.find("tenant"), std::string::npos);
  EXPECT_FALSE(mine->json);
  auto mongodb = ResolveTemplate("mongodb", templates, "events");
  ASSERT_TRUE(mongodb.ok());
  EXPECT_TRUE(mongodb->json);

  auto unknown = ResolveTemplate("sqlite", templates, "create-tabel");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  for (const char* name : {"create-tabel", "add-column", "add-index", "audit", "create-table", "data", "seed"}) {
    EXPECT_NE(unknown.status().message().find(name), std::string::npos) << name << ": " << unknown.status().message();
  }
}

TEST(CreateMigrationFileTest, FromATemplate) {
  TempDir dir;
  const std::string migrations = (dir.path() / "db" / "migrations").string();
  NewMigrationOptions options;
  options.sequential = true;
  options.dialect = "postgres";
  options.template_name = "add-column";
  options.description = "Users may pick a nickname";
  auto path = CreateMigrationFile(migrations, "add_nickname_to_users", options);
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(std::filesystem::path(*path).filename(), "001_add_nickname_to_users.sql");
  std::string text = testing::ReadFile(*path);
  EXPECT_EQ(text.rfind("-- strata:description Users may pick a nickname\n-- strata:up\n", 0), 0u) << text;
  EXPECT_NE(text.find("ALTER TABLE users ADD COLUMN nickname text;"), std::string::npos) << text;

  options.template_name = "no-such-template";
  EXPECT_FALSE(CreateMigrationFile(migrations, "x", options).ok());
  options.template_name = "add-column";
  options.dialect = "";
  EXPECT_FALSE(CreateMigrationFile(migrations, "x", options).ok());
  std::error_code ec;
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(migrations, ec), {}), 1) << "nothing written on failure";
}

}  // namespace
}  // namespace strata
