// Reading the directories of Flyway, goose and sql-migrate as they are: names, sections, directives, and
// the files that are refused (repeatables, ambiguous or mixed formats), each with its file and line.
#include <gtest/gtest.h>

#include "source/file_name.h"
#include "strata/source.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

TEST(OtherToolsTest, FlywayFilesPairWithTheirUndoAndOrderByDottedVersion) {
  TempDir dir;
  dir.Write("V1__create_users.sql", "CREATE TABLE users (id INT);\n");
  dir.Write("U1__create_users.sql", "DROP TABLE users;\n");
  dir.Write("V1_1__add_email.sql", "-- strata:category schema\nALTER TABLE users ADD email TEXT;\n");
  dir.Write("V1.10__index.sql", "CREATE INDEX users_email ON users (email);\n");
  dir.Write("V1.2__seed.sql", "INSERT INTO users VALUES (1, 'a');\n");
  dir.Write("V2.0.3__later.sql", "SELECT 1;\n");
  auto set = LoadMigrations(dir.path().string());
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  std::vector<std::string> versions;
  for (const Migration& m : set->migrations) versions.push_back(m.version.text());
  EXPECT_EQ(versions, (std::vector<std::string>{"1", "1.1", "1.2", "1.10", "2.0.3"}));
  const Migration& first = set->migrations[0];
  EXPECT_EQ(first.format, MigrationFormat::kFlyway);
  EXPECT_EQ(first.name, "create_users");
  EXPECT_EQ(first.up.text, "CREATE TABLE users (id INT);\n");
  ASSERT_TRUE(first.down);
  EXPECT_EQ(first.down->text, "DROP TABLE users;\n");
  EXPECT_EQ(first.paths.size(), 2u);
  EXPECT_FALSE(set->migrations[1].reversible());
  EXPECT_EQ(set->migrations[1].category, "schema");  // header directives are read as in golang-migrate's files
  EXPECT_TRUE(set->Find(*Version::Parse("1.1")));
  EXPECT_TRUE(set->warnings.empty());
}

TEST(OtherToolsTest, FlywayRepeatablesAndStrayUndoFilesAreRefusedByName) {
  TempDir dir;
  dir.Write("V1__a.sql", "SELECT 1;\n");
  dir.Write("R__views.sql", "CREATE VIEW v AS SELECT 1;\n");
  auto set = LoadMigrations(dir.path().string());
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("R__views.sql: Flyway's repeatable migrations (R__) are not supported"),
            std::string::npos)
      << set.status().message();
  EXPECT_NE(set.status().message().find("rename it to e.g. 20260101000000_views.sql"), std::string::npos);

  TempDir undo;
  undo.Write("U3__a.sql", "SELECT 1;\n");
  auto stray = LoadMigrations(undo.path().string());
  ASSERT_FALSE(stray.ok());
  EXPECT_NE(stray.status().message().find("U3__a.sql: a Flyway undo file without its versioned file; add V3__a.sql"),
            std::string::npos)
      << stray.status().message();
}

TEST(OtherToolsTest, AFlywayFileWithAnotherToolsMarkerIsAmbiguous) {
  auto set = LoadMigrations({{"V2__x.sql", "SELECT 1;\n-- +goose Down\nSELECT 2;\n"}}, "db");
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("db/V2__x.sql:2"), std::string::npos) << set.status().message();
  EXPECT_NE(set.status().message().find("'-- +goose Down' in a Flyway file"), std::string::npos);
}

TEST(OtherToolsTest, GooseSectionsStatementBlocksAndNoTransaction) {
  auto m = ParseMigrationFile("db/20260101000000_fn.sql",
                              "-- +goose NO TRANSACTION\n"
                              "-- +goose Up\n"
                              "-- +goose StatementBegin\n"
                              "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;\n"
                              "-- +goose StatementEnd\n"
                              "-- +goose Down\n"
                              "DROP FUNCTION f;\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->format, MigrationFormat::kGoose);
  EXPECT_EQ(m->up.first_line, 3);
  EXPECT_NE(m->up.text.find("CREATE FUNCTION f()"), std::string::npos);
  EXPECT_FALSE(m->up.transaction);
  ASSERT_TRUE(m->down);
  EXPECT_EQ(m->down->text, "DROP FUNCTION f;\n");
  EXPECT_FALSE(m->down->transaction);

  auto plain = ParseMigrationFile("2_t.sql", "-- +goose up\nCREATE TABLE t (i INT);\n");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_TRUE(plain->up.transaction);
  EXPECT_FALSE(plain->reversible());
}

TEST(OtherToolsTest, SqlMigrateSectionsAndNoTransaction) {
  auto m = ParseMigrationFile("1_init.sql",
                              "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n"
                              "-- +migrate Down\n-- +migrate StatementBegin\nDROP INDEX i;\n-- +migrate StatementEnd\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->format, MigrationFormat::kSqlMigrate);
  EXPECT_FALSE(m->up.transaction);
  ASSERT_TRUE(m->down);
  EXPECT_TRUE(m->down->transaction);
}

TEST(OtherToolsTest, BadGooseAndSqlMigrateFilesNameTheirLine) {
  struct Case {
    const char* content;
    const char* says;
  };
  const Case cases[] = {
      {"-- +goose Up\n-- +goose StatementEnd\n", "1_x.sql:2"},
      {"-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose Down\n", "StatementBegin' at line 2 has no"},
      {"-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n", "1_x.sql:2"},
      {"-- +goose Up\n-- +goose ENVSUB ON\n", "${NAME} placeholders"},
      {"-- +goose Up\nSELECT 1;\n-- +goose Up\n", "second '-- +goose Up' marker (the first is at line 1)"},
      {"-- +goose Up\nSELECT 1;\n-- migrate:down\n", "mixes '-- +goose Up' and '-- migrate:down'"},
      {"-- +migrate Up\nSELECT 1;\n-- +goose Down\n", "1_x.sql:3"},
      {"-- +migrate Up sometimes\n", "sql-migrate's only option is 'notransaction'"},
      {"SELECT 1;\n-- +migrate Up\n", "'-- +migrate Up' or '-- +migrate Down'"},
      {"-- +goose Down\nSELECT 1;\n", "no '-- +goose Up' marker"},
  };
  for (const Case& c : cases) {
    auto m = ParseMigrationFile("1_x.sql", c.content);
    ASSERT_FALSE(m.ok()) << c.content;
    EXPECT_NE(m.status().ToString().find(c.says), std::string::npos) << c.content << "\n" << m.status().ToString();
  }
}

TEST(OtherToolsTest, TwoToolsInOneDirectoryAreRefusedButStrataFilesJoinAny) {
  auto mixed = LoadMigrations({{"1_a.sql", "-- +goose Up\nSELECT 1;\n"}, {"2_b.sql", "-- +migrate Up\nSELECT 2;\n"}},
                              "db");
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.status().message().find("db/1_a.sql:1 is goose, db/2_b.sql:1 is sql-migrate"), std::string::npos)
      << mixed.status().message();

  auto flyway_and_dbmate = LoadMigrations({{"V1__a.sql", "SELECT 1;\n"}, {"2_b.sql", "-- migrate:up\nSELECT 2;\n"}});
  ASSERT_FALSE(flyway_and_dbmate.ok());

  auto with_strata = LoadMigrations({{"V1__a.sql", "SELECT 1;\n"}, {"2_b.sql", "-- strata:up\nSELECT 2;\n"}});
  ASSERT_TRUE(with_strata.ok()) << with_strata.status().ToString();
  // dbmate's and golang-migrate's files still go together, as before.
  auto older = LoadMigrations({{"1_a.up.sql", "SELECT 1;\n"}, {"2_b.sql", "-- migrate:up\nSELECT 2;\n"}});
  EXPECT_TRUE(older.ok()) << older.status().ToString();
}

TEST(OtherToolsTest, FlywayNamesParse) {
  auto name = ParseMigrationFileName("V2_0_3__Add_users.sql");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->version.text(), "2.0.3");
  EXPECT_EQ(name->name, "Add_users");
  EXPECT_EQ(name->role, FileRole::kFlyway);
  EXPECT_EQ(ParseMigrationFileName("U7__x.sql")->role, FileRole::kFlywayUndo);
  auto single = ParseMigrationFile("db/V3__x.sql", "SELECT 1;\n");
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  EXPECT_EQ(single->format, MigrationFormat::kFlyway);
  EXPECT_EQ(single->paths[0], "db/V3__x.sql");
  EXPECT_EQ(single->up.text, "SELECT 1;\n");
  EXPECT_FALSE(ParseMigrationFile("db/U3__x.sql", "SELECT 1;\n").ok());
  EXPECT_FALSE(ParseMigrationFileName("V__x.sql"));
  EXPECT_FALSE(ParseMigrationFileName("V1_x.sql"));
  EXPECT_NE(WhyNotAMigration("v1__x.sql").value_or("").find("rename it to V1__x.sql"), std::string::npos);
}

}  // namespace
}  // namespace strata
