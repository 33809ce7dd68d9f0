// `strata new --template` and `strata new --list`, run as a user runs them: built-in templates filled in
// and applied (and reverted) on SQLite, user templates in db/templates over the built-in ones, the
// description in the header, and the errors that say what to write instead.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
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

class NewTemplateTest : public ::testing::Test {
 protected:
  NewTemplateTest() : strata_(dir_.path()) { strata_.env["DATABASE_URL"] = "sqlite:app.db"; }

  // Runs `strata new ARGS... --sequential` and returns the file's text ("" when it failed).
  std::string New(std::vector<std::string> args) {
    args.insert(args.begin(), "new");
    args.push_back("--sequential");
    Outcome o = strata_(args);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    if (o.exit_code != 0 || o.out.empty()) return "";
    return ReadFile(dir_.path() / o.out.substr(0, o.out.size() - 1));
  }
  // The line of `text` that holds `word`.
  static std::string LineWith(const std::string& text, const std::string& word) {
    size_t at = text.find(word);
    if (at == std::string::npos) return "";
    size_t start = text.rfind('\n', at);
    start = start == std::string::npos ? 0 : start + 1;
    return text.substr(start, text.find('\n', at) - start);
  }

  TempDir dir_;
  Strata strata_;
};

TEST_F(NewTemplateTest, CreateTableFillsInTheNameAndEveryTemplateRunsOnSqlite) {
  Outcome created = strata_({"new", "create_orders", "--template", "create-table", "--sequential"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.out, "db/migrations/001_create_orders.sql\n");
  std::string table = ReadFile(dir_.path() / "db/migrations/001_create_orders.sql");
  EXPECT_NE(table.find("CREATE TABLE orders ("), std::string::npos) << table;
  EXPECT_NE(table.find("DROP TABLE orders;"), std::string::npos) << table;
  EXPECT_EQ(table.find("{{"), std::string::npos) << table;

  EXPECT_NE(New({"add_note_to_orders", "-t", "add-column"}).find("ALTER TABLE orders ADD COLUMN note TEXT;"),
            std::string::npos);
  EXPECT_NE(New({"index_note_on_orders", "--template", "add-index"}).find("ON orders (note)"), std::string::npos);
  std::string seed = New({"seed_orders", "--template", "seed", "--var", "table=orders", "--var", "column=note"});
  EXPECT_NE(seed.find("INSERT INTO orders (note) VALUES"), std::string::npos) << seed;

  // Applied, reverted, applied again: the down parts undo the up parts on a real database.
  Outcome up = strata_({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  Outcome down = strata_({"down", "--count", "4"});
  ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
  ASSERT_EQ(strata_({"up"}).exit_code, 0);

  std::string data = New({"backfill_note", "--template", "data", "--var", "table=orders", "--var", "column=note"});
  EXPECT_NE(data.find("-- strata:up transaction:false"), std::string::npos) << data;
  Outcome backfill = strata_({"up"});
  EXPECT_EQ(backfill.exit_code, 0) << backfill.out << backfill.err;
  Outcome lint = strata_({"lint"});
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
  EXPECT_NE(lint.out.find("0 error(s)"), std::string::npos) << lint.out;
}

TEST_F(NewTemplateTest, AUserTemplateOverridesTheBuiltinOne) {
  dir_.Write("db/templates/create-table.sql",
             "-- Our tables carry a tenant\n-- strata:up\n"
             "CREATE TABLE {{table}} (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL); -- {{version}} {{name}}\n"
             "-- strata:down\nDROP TABLE {{table}};\n");
  std::string text = New({"create_invoices", "--template", "create-table"});
  EXPECT_NE(
      text.find("CREATE TABLE invoices (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL); -- 001 create_invoices"),
      std::string::npos)
      << text;
  EXPECT_EQ(text.find("created_at"), std::string::npos) << "the built-in one was used:\n" << text;

  // Placeholders of its own need --var; without one, nothing is written.
  dir_.Write("db/templates/grant.sql", "-- strata:up\nSELECT '{{owner}}';\n");
  Outcome missing = strata_({"new", "grant_reads", "--template", "grant"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--var owner=VALUE"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("db/templates/grant.sql"), std::string::npos) << missing.err;
  EXPECT_NE(New({"grant_reads", "--template", "grant", "--var", "owner=ops"}).find("SELECT 'ops';"), std::string::npos);

  // --templates-dir points elsewhere.
  dir_.Write("shared/templates/create-table.sql", "-- strata:up\nCREATE TABLE {{table}} (shared INTEGER);\n");
  EXPECT_NE(New({"create_notes", "--template", "create-table", "--templates-dir", "shared/templates"})
                .find("(shared INTEGER)"),
            std::string::npos);
}

TEST_F(NewTemplateTest, ListShowsTheTemplatesForTheDatabaseAndMarksTheUserOnes) {
  dir_.Write("db/templates/create-table.sql",
             "-- Our tables carry a tenant\n-- strata:up\nCREATE TABLE {{table}} (id INTEGER);\n");
  dir_.Write("db/templates/audit.sql", "-- An audit table\n-- strata:up\nCREATE TABLE audit (id INTEGER);\n");
  Outcome list = strata_({"new", "--list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const char* name : {"add-column", "add-index", "data", "seed"}) {
    EXPECT_NE(LineWith(list.out, name).find("built-in"), std::string::npos) << name << "\n" << list.out;
  }
  EXPECT_NE(LineWith(list.out, "audit").find("user"), std::string::npos) << list.out;
  EXPECT_NE(LineWith(list.out, "audit").find("An audit table"), std::string::npos) << list.out;
  EXPECT_NE(LineWith(list.out, "create-table").find("user"), std::string::npos) << list.out;
  EXPECT_NE(LineWith(list.out, "create-table").find("Our tables carry a tenant"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("for sqlite"), std::string::npos) << list.out;

  Outcome as_json = strata_({"--json", "new", "--list"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  json j = json::parse(as_json.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << as_json.out;
  EXPECT_EQ(j["dialect"], "sqlite");
  std::map<std::string, json> by_name;
  for (const json& t : j["templates"]) by_name[t["name"].get<std::string>()] = t;
  EXPECT_EQ(by_name.size(), 6u) << j.dump();
  EXPECT_EQ(by_name["audit"]["user"], true);
  EXPECT_EQ(by_name["audit"]["overrides_builtin"], false);
  EXPECT_EQ(by_name["create-table"]["user"], true);
  EXPECT_EQ(by_name["create-table"]["overrides_builtin"], true);
  EXPECT_EQ(by_name["add-index"]["user"], false);
  EXPECT_TRUE(by_name["add-index"]["path"].is_null());
  EXPECT_FALSE(by_name["add-index"]["summary"].get<std::string>().empty());

  // Another database, other templates: MongoDB's are JSON command files.
  Outcome mongodb = strata_({"new", "--list", "--dialect", "mongodb"});
  ASSERT_EQ(mongodb.exit_code, 0) << mongodb.err;
  for (const char* name : {"add-field", "rename-field", "transform", "index"}) {
    EXPECT_NE(mongodb.out.find(name), std::string::npos) << name << "\n" << mongodb.out;
  }
  EXPECT_EQ(mongodb.out.find("add-column"), std::string::npos) << mongodb.out;
  EXPECT_EQ(mongodb.out.find("audit"), std::string::npos) << "a .sql template is not MongoDB's:\n" << mongodb.out;
}

TEST_F(NewTemplateTest, TheDescriptionLandsInTheHeader) {
  std::string sql =
      New({"add_note_to_orders", "--template", "add-column", "--description", "Orders get a free-text note"});
  EXPECT_EQ(sql.rfind("-- strata:description Orders get a free-text note\n-- strata:up\n", 0), 0u) << sql;
  std::string blank = New({"tidy_up", "--description", "Nothing yet"});
  EXPECT_EQ(blank.rfind("-- strata:description Nothing yet\n", 0), 0u) << blank;

  std::string doc = New({"add_beta_to_users", "--template", "add-field", "--dialect", "mongodb", "--description",
                         "Flags \"beta\" users"});
  json j = json::parse(doc, nullptr, false);
  ASSERT_TRUE(j.is_object()) << doc;
  EXPECT_EQ(j["description"], "Flags \"beta\" users");
  EXPECT_EQ(j["up"][0]["strata.addField"]["collection"], "users");
  EXPECT_EQ(j["up"][0]["strata.addField"]["field"], "beta");
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "db/migrations/003_add_beta_to_users.json"));
}

TEST_F(NewTemplateTest, AnUnknownTemplateIsAnErrorListingTheTemplates) {
  Outcome unknown = strata_({"new", "create_orders", "--template", "create-tabel"});
  EXPECT_EQ(unknown.exit_code, 2);
  for (const char* word : {"create-tabel", "create-table", "add-column", "add-index", "data", "seed", "--list"}) {
    EXPECT_NE(unknown.err.find(word), std::string::npos) << word << ": " << unknown.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "db/migrations")) << "nothing is written";

  Outcome mongodb_only = strata_({"new", "x", "--template", "add-field"});  // MongoDB's, not SQLite's
  EXPECT_EQ(mongodb_only.exit_code, 2);
  EXPECT_NE(mongodb_only.err.find("for sqlite"), std::string::npos) << mongodb_only.err;

  EXPECT_EQ(strata_({"new", "x", "--template", "create-table", "--format", "json"}).exit_code, 2);
  EXPECT_EQ(strata_({"new", "x", "--template", "create-table", "--dialect", "oracle"}).exit_code, 2);
  EXPECT_EQ(strata_({"new", "x", "--template", "create-table", "--var", "no-equals"}).exit_code, 2);
  EXPECT_EQ(strata_({"new"}).exit_code, 2);

  strata_.env.erase("DATABASE_URL");  // no database: no way to tell whose templates
  Outcome no_database = strata_({"new", "x", "--template", "create-table"});
  EXPECT_EQ(no_database.exit_code, 2);
  EXPECT_NE(no_database.err.find("--dialect"), std::string::npos) << no_database.err;
  EXPECT_EQ(strata_({"new", "create_orders", "--template", "create-table", "--dialect", "postgres"}).exit_code, 0);
}

}  // namespace
}  // namespace strata
