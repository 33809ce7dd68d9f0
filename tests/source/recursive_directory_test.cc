// Recursive migration directories (DirectoryOptions::recursive): subfolders read at any depth, hidden ones
// skipped, versions unique across folders, a file's folder no part of its migration; and `strata new`'s
// file in a subfolder, numbered after every folder's versions.
#include <gtest/gtest.h>

#include <filesystem>

#include "strata/source.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

constexpr char kNestedMigration[] = "-- strata:up\nSELECT 1;\n-- strata:down\nSELECT 2;\n";

DirectoryOptions Recursive() {
  DirectoryOptions options;
  options.recursive = true;
  return options;
}

TEST(RecursiveDirectoryTest, SubfoldersAreReadOnlyWhenAsked) {
  TempDir dir;
  dir.Write("001_top.sql", kNestedMigration);
  dir.Write("2026/11/002_nested.sql", kNestedMigration);
  dir.Write("2026/12/deeper/003_deepest.json", R"({"up": [], "down": []})");
  dir.Write(".git/004_hidden.sql", kNestedMigration);
  dir.Write("2026/notes.sql", "-- no version");

  auto flat = LoadMigrations(dir.path().string());
  ASSERT_TRUE(flat.ok()) << flat.status().ToString();
  EXPECT_EQ(flat->migrations.size(), 1u);
  EXPECT_TRUE(flat->warnings.empty());  // nothing in a subfolder is looked at

  auto deep = LoadMigrations(dir.path().string(), Recursive());
  ASSERT_TRUE(deep.ok()) << deep.status().ToString();
  ASSERT_EQ(deep->migrations.size(), 3u);
  EXPECT_EQ(deep->migrations[1].name, "nested");
  EXPECT_EQ(deep->migrations[1].paths[0], dir.path().string() + "/2026/11/002_nested.sql");
  EXPECT_EQ(deep->migrations[2].format, MigrationFormat::kMongoJson);
  ASSERT_EQ(deep->warnings.size(), 1u);
  EXPECT_NE(deep->warnings[0].find("/2026/notes.sql is not read"), std::string::npos) << deep->warnings[0];
}

TEST(RecursiveDirectoryTest, AVersionInTwoFoldersNamesBothFiles) {
  TempDir dir;
  dir.Write("2026/11/002_a.sql", kNestedMigration);
  dir.Write("2027/002_b.sql", kNestedMigration);
  auto set = LoadMigrations(dir.path().string(), Recursive());
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("version 002 is used by 2 files"), std::string::npos);
  EXPECT_NE(set.status().message().find("/2026/11/002_a.sql"), std::string::npos) << set.status().message();
  EXPECT_NE(set.status().message().find("/2027/002_b.sql"), std::string::npos) << set.status().message();
}

TEST(RecursiveDirectoryTest, MovingAFileBetweenFoldersKeepsItsChecksum) {
  TempDir dir;
  dir.Write("2026/11/002_moved.sql", kNestedMigration);
  auto before = LoadMigrations(dir.path().string(), Recursive());
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  std::filesystem::create_directories(dir.path() / "archive");
  std::filesystem::rename(dir.path() / "2026/11/002_moved.sql", dir.path() / "archive/002_moved.sql");
  auto after = LoadMigrations(dir.path().string(), Recursive());
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(before->migrations[0].checksum, after->migrations[0].checksum);
  EXPECT_EQ(before->migrations[0].version, after->migrations[0].version);
  EXPECT_NE(before->migrations[0].paths[0], after->migrations[0].paths[0]);
}

TEST(RecursiveDirectoryTest, AFolderNamedLikeAMigrationIsStillRefused) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "005_folder.sql");
  for (bool recursive : {false, true}) {
    DirectoryOptions options;
    options.recursive = recursive;
    auto set = LoadMigrations(dir.path().string(), options);
    ASSERT_FALSE(set.ok());
    EXPECT_NE(set.status().message().find("is named like a migration but is a directory"), std::string::npos);
  }
}

TEST(RecursiveDirectoryTest, NewFilesGoToTheSubfolderAfterEveryFoldersVersions) {
  TempDir dir;
  dir.Write("2026/11/007_nested.sql", kNestedMigration);
  NewMigrationOptions options;
  options.sequential = true;
  auto flat = CreateMigrationFile(dir.path().string(), "flat", options);
  ASSERT_TRUE(flat.ok()) << flat.status().ToString();
  EXPECT_EQ(std::filesystem::path(*flat).filename(), "001_flat.sql");  // subfolders not read: not counted

  options.recursive = true;
  options.subfolder = "2026/12";
  auto nested = CreateMigrationFile(dir.path().string(), "next", options);
  ASSERT_TRUE(nested.ok()) << nested.status().ToString();
  EXPECT_EQ(*nested, (dir.path() / "2026/12/008_next.sql").string());

  for (const char* outside : {"../x", "/tmp", ".", "a/../.."}) {
    options.subfolder = outside;
    auto refused = CreateMigrationFile(dir.path().string(), "outside", options);
    ASSERT_FALSE(refused.ok()) << outside;
    EXPECT_NE(refused.status().message().find("must be a path inside the migrations directory"), std::string::npos);
  }
}

}  // namespace
}  // namespace strata
