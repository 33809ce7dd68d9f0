#include <gtest/gtest.h>

#include "strata/source.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

TEST(LoadMigrationsTest, ReadsEveryFormatInVersionOrder) {
  TempDir dir;
  dir.Write("10_ten.sql", "-- strata:up\nSELECT 10;\n");
  dir.Write("9_nine.sql", "-- migrate:up\nSELECT 9;\n-- migrate:down\nSELECT -9;\n");
  dir.Write("00000000000000000011_add.users.table.up.sql", "SELECT 11;\n");
  dir.Write("00000000000000000011_add.users.table.down.sql", "SELECT -11;\n");
  dir.Write("12_irreversible.up.sql", "SELECT 12;\n");
  dir.Write("README.md", "not a migration");
  dir.Write("notes.sql", "-- not a migration: no version");
  auto set = LoadMigrations(dir.path().string());
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_EQ(set->migrations.size(), 4u);
  EXPECT_EQ(set->migrations[0].version.text(), "9");
  EXPECT_EQ(set->migrations[1].version.text(), "10");
  const Migration& pair = set->migrations[2];
  EXPECT_EQ(pair.name, "add.users.table");
  EXPECT_EQ(pair.format, MigrationFormat::kGolangMigrate);
  EXPECT_EQ(pair.up.text, "SELECT 11;\n");
  ASSERT_TRUE(pair.down);
  EXPECT_EQ(pair.down->text, "SELECT -11;\n");
  EXPECT_EQ(pair.paths.size(), 2u);
  EXPECT_FALSE(set->migrations[3].reversible());
  EXPECT_TRUE(set->Find(*Version::Parse("0010")));
}

TEST(LoadMigrationsTest, PairChecksumCoversBothFiles) {
  TempDir a, b;
  a.Write("1_x.up.sql", "SELECT 1;");
  a.Write("1_x.down.sql", "SELECT 2;");
  b.Write("1_x.up.sql", "SELECT 1;");
  b.Write("1_x.down.sql", "SELECT 3;");
  auto sa = LoadMigrations(a.path().string());
  auto sb = LoadMigrations(b.path().string());
  ASSERT_TRUE(sa.ok() && sb.ok());
  EXPECT_NE(sa->migrations[0].checksum, sb->migrations[0].checksum);
}

TEST(LoadMigrationsTest, DuplicateVersionNamesEveryFile) {
  TempDir dir;
  dir.Write("001_a.sql", "-- strata:up\n");
  dir.Write("1_b.sql", "-- strata:up\n");
  dir.Write("2_ok.sql", "-- strata:up\n");
  auto set = LoadMigrations(dir.path().string());
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), StatusCode::kInvalidMigration);
  EXPECT_NE(set.status().message().find("001_a.sql"), std::string::npos);
  EXPECT_NE(set.status().message().find("1_b.sql"), std::string::npos);
  EXPECT_NE(set.status().message().find("nothing was applied"), std::string::npos);
}

TEST(LoadMigrationsTest, EveryBadFileIsReported) {
  TempDir dir;
  dir.Write("1_no_marker.sql", "CREATE TABLE t (id INT);\n");
  dir.Write("2_latin1.sql", "-- strata:up\nSELECT '\xE9';\n");
  dir.Write("3_orphan.down.sql", "DROP TABLE t;\n");
  auto set = LoadMigrations(dir.path().string());
  ASSERT_FALSE(set.ok());
  std::string message = set.status().message();
  EXPECT_NE(message.find("1_no_marker.sql"), std::string::npos) << message;
  EXPECT_NE(message.find("2_latin1.sql:2"), std::string::npos) << message;
  EXPECT_NE(message.find("3_orphan.down.sql"), std::string::npos) << message;
}

TEST(LoadMigrationsTest, UnreadableFileIsNamed) {
  // Reading /proc/self/mem at offset 0 fails with EIO, for root too (file modes would not stop root).
  TempDir dir;
  dir.Write("2_ok.sql", "-- strata:up\n");
  std::filesystem::create_symlink("/proc/self/mem", dir.path() / "1_x.sql");
  auto set = LoadMigrations(dir.path().string());
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), StatusCode::kInvalidMigration);
  EXPECT_NE(set.status().message().find("1_x.sql: cannot read the file"), std::string::npos)
      << set.status().message();
}

// Large directories are read and parsed on several threads: the result must not depend on it.
TEST(LoadMigrationsTest, LargeDirectoryLoadsInOrderAndNamesEveryBadFile) {
  TempDir dir;
  std::vector<MigrationFile> files;
  for (int i = 1; i <= 600; ++i) {
    std::string name = i % 2 ? std::to_string(i) + "_odd.sql" : std::to_string(i) + "_even.up.sql";
    std::string content = "-- migrate:up\nCREATE TABLE t" + std::to_string(i) + " (id INTEGER);\r\n";
    if (i % 2 == 0) content = "CREATE TABLE t" + std::to_string(i) + " (id INTEGER);\n";
    dir.Write(name, content);
    files.push_back({name, content});
  }
  auto set = LoadMigrations(dir.path().string());
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_EQ(set->migrations.size(), 600u);
  auto embedded = LoadMigrations(files, dir.path().string());
  ASSERT_TRUE(embedded.ok());
  for (size_t i = 0; i < 600; ++i) {
    EXPECT_EQ(set->migrations[i].version.text(), std::to_string(i + 1));
    EXPECT_EQ(set->migrations[i].checksum, embedded->migrations[i].checksum);
  }
  EXPECT_EQ(set->migrations[0].checksum, Checksum("-- migrate:up\nCREATE TABLE t1 (id INTEGER);\n"))
      << "CRLF and LF give one checksum";

  dir.Write("250_bad.up.sql", "\xff\n");
  dir.Write("599_bad.sql", "-- strata:up\n-- strata:up\n");
  auto bad = LoadMigrations(dir.path().string());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("250_bad.up.sql"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("599_bad.sql"), std::string::npos) << bad.status().message();
}

TEST(LoadMigrationsTest, MissingDirectoryIsAUsageError) {
  auto set = LoadMigrations("/nonexistent/strata/migrations");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(set.status().message().find("--dir"), std::string::npos);
}

TEST(CreateMigrationFileTest, SequentialAndTimestampVersions) {
  TempDir dir;
  auto first = CreateMigrationFile((dir.path() / "m").string(), "create users", true);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(std::filesystem::path(*first).filename(), "001_create_users.sql");
  auto second = CreateMigrationFile((dir.path() / "m").string(), "next", true);
  EXPECT_EQ(std::filesystem::path(*second).filename(), "002_next.sql");
  auto stamped = CreateMigrationFile((dir.path() / "m").string(), "later", false);
  ASSERT_TRUE(stamped.ok());
  EXPECT_EQ(std::filesystem::path(*stamped).filename().string().size(), std::string("20261122093000_later.sql").size());
  // The template parses: new files are valid, reversible no-ops.
  auto set = LoadMigrations((dir.path() / "m").string());
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->migrations.size(), 3u);
  EXPECT_TRUE(set->migrations[0].reversible());
  EXPECT_FALSE(CreateMigrationFile((dir.path() / "m").string(), "../escape", true).ok());
}

}  // namespace
}  // namespace strata
