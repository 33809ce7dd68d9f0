// DuckDB's schema reader and scratch databases, on real DuckDB files: every kind is read with the
// definition expected, in an order that loads (names chosen so that alphabetical order would not), a
// database holding every kind reads the same after its dump is replayed into an empty one, strata's own
// tables stay out, and what cannot be written back is an error.
#include <gtest/gtest.h>

#include <filesystem>

#include "schema/compare.h"
#include "strata/driver.h"
#include "strata/engine.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/temp_dir.h"
#include "support/schemas.h"

namespace strata {
namespace {

using testing::TempDir;

// Every kind, each depending on something a name order would put after it.
constexpr const char* kEveryDuckdbKind = R"sql(
CREATE SCHEMA sales;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s fine');
CREATE TYPE sales.point AS STRUCT(x INTEGER, y INTEGER);
COMMENT ON TYPE sales.point IS 'a place';
CREATE SEQUENCE sales.order_ids START 100 INCREMENT BY 5 MAXVALUE 100000 CYCLE;
COMMENT ON SEQUENCE sales.order_ids IS 'ids';
CREATE MACRO b_rating() AS 3;
CREATE TABLE z_people (id INTEGER PRIMARY KEY, email VARCHAR NOT NULL, rating INTEGER DEFAULT b_rating(), feeling mood);
COMMENT ON TABLE z_people IS 'who buys';
COMMENT ON COLUMN z_people.email IS 'where to write';
CREATE TABLE a_orders (id INTEGER PRIMARY KEY DEFAULT nextval('sales.order_ids'),
                       person INTEGER REFERENCES z_people (id), total DECIMAL(10, 2) CHECK (total >= 0), place sales.point);
CREATE MACRO a_people_count() AS (SELECT count(*) FROM z_people);
CREATE MACRO sales.plus(a, b := 1) AS a + b, (a, b, c) AS a + b + c;
COMMENT ON MACRO sales.plus IS 'adds';
CREATE MACRO sales.recent(n := 10) AS TABLE SELECT * FROM a_orders ORDER BY id DESC LIMIT n;
CREATE VIEW z_base AS SELECT id, email FROM z_people;
CREATE VIEW a_summary AS SELECT count(*) AS people, a_people_count() AS counted FROM z_base;
COMMENT ON VIEW a_summary IS 'one row';
CREATE VIEW sales.top AS SELECT * FROM sales.recent(5);
CREATE UNIQUE INDEX people_email ON z_people (lower(email));
CREATE INDEX orders_total ON a_orders (total, person);
COMMENT ON INDEX orders_total IS 'by size';
)sql";

class DuckdbSchemaTest : public ::testing::Test {
 protected:
  std::unique_ptr<Connection> Open(const std::string& url) { return testing::OpenConnection(url); }
  std::string Url() { return "duckdb:" + (dir_.path() / "test.duckdb").string(); }
  static void Run(Connection& connection, const std::string& sql) {
    Status s = connection.Execute({sql, "", 1});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  static Schema Read(Connection& connection) { return testing::ReadSchemaOrFail(connection); }
  static const SchemaObject* Find(const Schema& schema, const std::string& kind, const std::string& name) {
    return testing::FindObject(schema, kind, name);
  }
  static size_t Position(const Schema& schema, const std::string& name) {
    for (size_t i = 0; i < schema.objects.size(); ++i) {
      if (schema.objects[i].name == name) return i;
    }
    ADD_FAILURE() << name << " was not read";
    return schema.objects.size();
  }
  // The schema read back after each definition ran, in order, on an empty scratch database.
  Schema Replay(Connection& source, const Schema& schema) {
    auto url = source.scratch()->CreateScratch();
    EXPECT_TRUE(url.ok()) << url.status().ToString();
    if (!url.ok()) return {};
    Schema again;
    {
      auto scratch = Open(*url);
      if (!scratch) return {};
      for (const SchemaObject& o : schema.objects) {
        Status s = scratch->Execute({o.definition, o.kind + " " + o.name, 1});
        EXPECT_TRUE(s.ok()) << o.kind << " " << o.name << ": " << s.ToString();
      }
      again = Read(*scratch);
    }
    Status dropped = source.scratch()->DropScratch(*url);
    EXPECT_TRUE(dropped.ok()) << dropped.ToString();
    return again;
  }

  TempDir dir_;
};

TEST_F(DuckdbSchemaTest, ReadsEveryKindWithItsCanonicalDefinition) {
  auto connection = Open(Url());
  ASSERT_NE(connection, nullptr);
  Run(*connection, kEveryDuckdbKind);
  // Drawn from in this session, the sequence keeps its START (closing the file would not: see
  // AReopenedSequenceComparesTheSameThoughItsStartMoved).
  ASSERT_TRUE(connection->sql()->Query("SELECT nextval('sales.order_ids'), nextval('sales.order_ids')", {}).ok());
  Schema schema = Read(*connection);

  std::vector<std::pair<std::string, std::string>> read;
  for (const SchemaObject& o : schema.objects) read.emplace_back(o.kind, o.name);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"schema", "sales"},           {"type", "main.mood"},
      {"type", "sales.point"},       {"sequence", "sales.order_ids"},
      {"macro", "main.b_rating"},    {"macro", "sales.plus"},
      {"table", "main.z_people"},    {"macro", "main.a_people_count"},
      {"table", "main.a_orders"},    {"table macro", "sales.recent"},
      {"view", "main.z_base"},       {"view", "main.a_summary"},
      {"view", "sales.top"},         {"index", "main.orders_total"},
      {"index", "main.people_email"}};
  EXPECT_EQ(read, expected);

  auto definition = [&](const std::string& kind, const std::string& name) {
    const SchemaObject* o = Find(schema, kind, name);
    return o ? o->definition : "(not read)";
  };
  EXPECT_EQ(definition("schema", "sales"), "CREATE SCHEMA \"sales\";\n");
  EXPECT_EQ(definition("type", "main.mood"), "CREATE TYPE \"main\".\"mood\" AS ENUM('sad', 'ok', 'it''s fine');\n");
  EXPECT_EQ(definition("type", "sales.point"),
            "CREATE TYPE \"sales\".\"point\" AS STRUCT(x INTEGER, y INTEGER);\n"
            "COMMENT ON TYPE \"sales\".\"point\" IS 'a place';\n");
  EXPECT_EQ(definition("sequence", "sales.order_ids"),
            "CREATE SEQUENCE \"sales\".\"order_ids\" INCREMENT BY 5 MINVALUE 1 MAXVALUE 100000 START 100 CYCLE;\n"
            "COMMENT ON SEQUENCE \"sales\".\"order_ids\" IS 'ids';\n");
  EXPECT_EQ(definition("macro", "sales.plus"),
            "CREATE MACRO \"sales\".\"plus\"(\"a\", \"b\" := 1) AS (a + b), "
            "(\"a\", \"b\", \"c\") AS ((a + b) + c);\n"
            "COMMENT ON MACRO \"sales\".\"plus\" IS 'adds';\n");
  EXPECT_EQ(
      definition("table macro", "sales.recent"),
      "CREATE MACRO \"sales\".\"recent\"(\"n\" := 10) AS TABLE SELECT * FROM a_orders ORDER BY id DESC LIMIT n;\n");
  EXPECT_EQ(definition("table", "main.z_people"),
            "CREATE TABLE z_people(id INTEGER PRIMARY KEY, email VARCHAR NOT NULL, rating INTEGER DEFAULT(b_rating()), "
            "feeling ENUM('sad', 'ok', 'it''s fine'));\n"
            "COMMENT ON TABLE \"main\".\"z_people\" IS 'who buys';\n"
            "COMMENT ON COLUMN \"main\".\"z_people\".\"email\" IS 'where to write';\n");
  EXPECT_EQ(definition("view", "main.a_summary"),
            "CREATE VIEW a_summary AS SELECT count_star() AS people, a_people_count() AS counted FROM z_base;\n"
            "COMMENT ON VIEW \"main\".\"a_summary\" IS 'one row';\n");
  EXPECT_EQ(definition("index", "main.orders_total"),
            "CREATE INDEX orders_total ON a_orders(total, person);\n"
            "COMMENT ON INDEX \"main\".\"orders_total\" IS 'by size';\n");
  EXPECT_EQ(definition("index", "main.people_email"),
            "CREATE UNIQUE INDEX people_email ON z_people((lower(email)));\n");
}

TEST_F(DuckdbSchemaTest, DefinitionsReplayedIntoAnEmptyDatabaseReadTheSame) {
  auto connection = Open(Url());
  ASSERT_NE(connection, nullptr);
  Run(*connection, kEveryDuckdbKind);
  // Altered after creation: DuckDB's stored statements follow.
  Run(*connection, "ALTER TABLE z_people ADD COLUMN nickname VARCHAR DEFAULT 'none';");
  Run(*connection, "CREATE OR REPLACE VIEW z_base AS SELECT id, email, nickname FROM z_people;");
  Run(*connection, "INSERT INTO z_people (id, email) VALUES (1, 'a@b.c');");
  ASSERT_TRUE(connection->sql()->Query("SELECT nextval('sales.order_ids')", {}).ok());
  Schema first = Read(*connection);
  ASSERT_EQ(first.objects.size(), 15u);
  EXPECT_NE(Find(first, "table", "main.z_people")->definition.find("nickname VARCHAR DEFAULT('none')"),
            std::string::npos);

  Schema second = Replay(*connection, first);
  ASSERT_EQ(second.objects.size(), first.objects.size());
  for (size_t i = 0; i < first.objects.size(); ++i) {
    EXPECT_EQ(second.objects[i], first.objects[i]) << first.objects[i].kind << " " << first.objects[i].name << ":\n"
                                                   << first.objects[i].definition << "\nread back as\n"
                                                   << second.objects[i].definition;
  }
  // Reading twice reads the same.
  EXPECT_TRUE(Read(*connection).objects == first.objects);
}

// DuckDB writes a used sequence's next value over its START when the file is closed, and keeps no other:
// the definition (what a dump writes) says the START read, the compared definition has none, so drift,
// diff and the schema fingerprint see no change.
TEST_F(DuckdbSchemaTest, AReopenedSequenceComparesTheSameThoughItsStartMoved) {
  Schema before;
  {
    auto connection = Open(Url());
    ASSERT_NE(connection, nullptr);
    Run(*connection, "CREATE SEQUENCE ids START 100 INCREMENT BY 5;\nCOMMENT ON SEQUENCE ids IS 'ids';");
    before = Read(*connection);
    ASSERT_TRUE(connection->sql()->Query("SELECT nextval('ids'), nextval('ids')", {}).ok());
  }
  auto connection = Open(Url());
  ASSERT_NE(connection, nullptr);
  Schema after = Read(*connection);
  ASSERT_EQ(before.objects.size(), 1u);
  ASSERT_EQ(after.objects.size(), 1u);
  auto sequence = [](const std::string& start) {
    return "CREATE SEQUENCE \"main\".\"ids\" INCREMENT BY 5 MINVALUE 1 MAXVALUE 9223372036854775807" + start +
           " NO CYCLE;\nCOMMENT ON SEQUENCE \"main\".\"ids\" IS 'ids';\n";
  };
  EXPECT_EQ(before.objects[0].definition, sequence(" START 100"));
  EXPECT_EQ(after.objects[0].definition, sequence(" START 110"));
  EXPECT_EQ(after.objects[0].compared, sequence(""));
  EXPECT_EQ(before.objects[0].compared, after.objects[0].compared);
  EXPECT_TRUE(CompareSchemas(before, after).empty());

  // Its other options still count.
  Run(*connection, "DROP SEQUENCE ids;\nCREATE SEQUENCE ids START 110 INCREMENT BY 1;");
  EXPECT_EQ(CompareSchemas(before, Read(*connection)).size(), 1u);
}

TEST_F(DuckdbSchemaTest, WhatIsNeededComesFirst) {
  auto connection = Open(Url());
  ASSERT_NE(connection, nullptr);
  Run(*connection, kEveryDuckdbKind);
  Schema schema = Read(*connection);
  // A foreign key's table, a view's view, a macro's table, a table's macro, a view's table macro.
  EXPECT_LT(Position(schema, "main.z_people"), Position(schema, "main.a_orders"));
  EXPECT_LT(Position(schema, "main.z_base"), Position(schema, "main.a_summary"));
  EXPECT_LT(Position(schema, "main.z_people"), Position(schema, "main.a_people_count"));
  EXPECT_LT(Position(schema, "main.a_people_count"), Position(schema, "main.a_summary"));
  EXPECT_LT(Position(schema, "main.b_rating"), Position(schema, "main.z_people"));
  EXPECT_LT(Position(schema, "main.a_orders"), Position(schema, "sales.recent"));
  EXPECT_LT(Position(schema, "sales.recent"), Position(schema, "sales.top"));
  EXPECT_LT(Position(schema, "sales.order_ids"), Position(schema, "main.a_orders"));
}

TEST_F(DuckdbSchemaTest, StrataOwnTablesAndBackupsAreLeftOut) {
  dir_.Write("m/1_items.sql",
             "-- strata:up\nCREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR);\n"
             "CREATE TABLE keep (id INTEGER);\nINSERT INTO items VALUES (1, 'bolt');\n"
             "-- strata:down\nDROP TABLE keep;\nDROP TABLE items;\n");
  dir_.Write("m/2_drop.sql", "-- strata:up\nDROP TABLE items;\n");
  {
    EngineOptions options;
    options.actor = "tester";
    options.backups = true;
    auto engine = Engine::Open(Url(), options);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    auto set = LoadMigrations((dir_.path() / "m").string());
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    auto report = (*engine)->Up(*set, {});
    ASSERT_TRUE(report.ok() && report->status.ok());
    auto backups = (*engine)->ListBackups();
    ASSERT_TRUE(backups.ok());
    ASSERT_EQ(backups->size(), 1u);  // so strata_backups holds a copy of items
  }
  auto connection = Open(Url());
  ASSERT_NE(connection, nullptr);
  auto own = connection->sql()->Query(
      "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'strata%' OR schema_name = 'strata_backups'", {});
  ASSERT_TRUE(own.ok());
  EXPECT_GE(std::stoi((*own)[0][0].value_or("0")), 4);  // history, events, meta, backups' list, the copy
  Schema schema = Read(*connection);
  ASSERT_EQ(schema.objects.size(), 1u);
  EXPECT_EQ(schema.objects[0], (SchemaObject{"table", "main.keep", "CREATE TABLE keep(id INTEGER);\n"}));
}

TEST_F(DuckdbSchemaTest, OtherDatabasesAndTemporaryObjectsAreNotRead) {
  auto connection = Open(Url());
  ASSERT_NE(connection, nullptr);
  Run(*connection,
      "ATTACH ':memory:' AS elsewhere; CREATE TABLE elsewhere.t (x INTEGER);\n"
      "CREATE TEMP TABLE scratchpad (x INTEGER); CREATE TABLE mine (x INTEGER);");
  Schema schema = Read(*connection);
  ASSERT_EQ(schema.objects.size(), 1u);
  EXPECT_EQ(schema.objects[0].name, "main.mine");
}

TEST_F(DuckdbSchemaTest, AMacroWhoseSignatureCannotBeReadIsUnsupported) {
  auto connection = Open(Url());
  ASSERT_NE(connection, nullptr);
  // DuckDB lists a macro's signatures one a line: a default value holding a line break cannot be told
  // from the next signature, so the reader cannot know the macro's defaults and must not guess.
  Run(*connection, "CREATE TABLE fine (x INTEGER);\nCREATE MACRO greeting(name := E'dear\\n\\tfriend') AS name;");
  auto schema = connection->schema()->ReadSchema();
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(schema.status().message().find("macro main.greeting"), std::string::npos) << schema.status().ToString();
}

TEST_F(DuckdbSchemaTest, ScratchDatabasesAreNewEmptyFilesAndGoAway) {
  auto connection = Open(Url());
  ASSERT_NE(connection, nullptr);
  Run(*connection, "CREATE TABLE t (x INTEGER);");
  ScratchDatabases* scratch = connection->scratch();
  ASSERT_NE(scratch, nullptr);
  auto first = scratch->CreateScratch();
  auto second = scratch->CreateScratch();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(*first, *second);
  const std::filesystem::path file = first->substr(std::string("duckdb://").size());
  EXPECT_EQ(first->rfind("duckdb://", 0), 0u);
  EXPECT_EQ(file.parent_path(), std::filesystem::temp_directory_path());
  EXPECT_EQ(file.filename().string().rfind("strata_scratch_", 0), 0u);
  EXPECT_TRUE(std::filesystem::exists(file));
  {
    auto opened = Open(*first);
    ASSERT_NE(opened, nullptr);
    EXPECT_TRUE(Read(*opened).objects.empty());
    Run(*opened, "CREATE TABLE replayed (x INTEGER);");
    EXPECT_EQ(Read(*opened).objects.size(), 1u);
  }
  EXPECT_TRUE(scratch->DropScratch(*first).ok());
  EXPECT_TRUE(scratch->DropScratch(*second).ok());
  EXPECT_FALSE(std::filesystem::exists(file));
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".wal"));
  // Dropping again (after a failure) is fine; a database it did not make is never deleted.
  EXPECT_TRUE(scratch->DropScratch(*first).ok());
  Status refused = scratch->DropScratch(Url());
  EXPECT_EQ(refused.code(), StatusCode::kRefused);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "test.duckdb"));
}

}  // namespace
}  // namespace strata
