// Loading for a report (DirectoryOptions::facts_only) and strata's cache of file facts
// (src/source/facts_cache.h): the facts are a full load's, text aside; an unchanged file is taken from the
// cache unread; a file written since, even with its size and modification time put back, is read again;
// a broken cache is ignored; STRATA_CACHE=off writes none; ReadMigrationTexts gives a full load's text.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "strata/source.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

// Each format and header the cache keeps, and one it does not (a note: halves named differently).
void WriteCorpus(TempDir& dir) {
  dir.Write("m/001_users.sql",
            "-- strata:requires 000\n-- strata:category schema\n-- strata:description The users table\n"
            "-- strata:up\nCREATE TABLE users (id INT);\n-- strata:down transaction:false\nDROP TABLE users;\n");
  dir.Write("m/000_base.sql", "-- migrate:up\nCREATE TABLE base (id INT);\n\n-- migrate:down\nDROP TABLE base;\n");
  dir.Write("m/002_pair.up.sql", "CREATE TABLE pair (id INT);\n");
  dir.Write("m/002_pair.down.sql", "DROP TABLE pair;\n");
  dir.Write("m/003_first.up.sql", "CREATE TABLE odd (id INT);\n");
  dir.Write("m/003_second.down.sql", "DROP TABLE odd;\n");
  dir.Write("m/004_irreversible.sql", "-- strata:up\nINSERT INTO users VALUES (1);\n");
  dir.Write("m/005_events.json", R"({"up": [{"create": "events"}], "down": [{"drop": "events"}]})");
}

DirectoryOptions FactsOnly() {
  DirectoryOptions options;
  options.facts_only = true;
  return options;
}

void ExpectSameFacts(const MigrationSet& full, const MigrationSet& facts) {
  ASSERT_EQ(full.migrations.size(), facts.migrations.size());
  for (size_t i = 0; i < full.migrations.size(); ++i) {
    const Migration& a = full.migrations[i];
    const Migration& b = facts.migrations[i];
    SCOPED_TRACE(a.paths[0]);
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.format, b.format);
    EXPECT_EQ(a.paths, b.paths);
    EXPECT_EQ(a.checksum, b.checksum);
    EXPECT_EQ(a.up.path, b.up.path);
    EXPECT_EQ(a.up.first_line, b.up.first_line);
    EXPECT_EQ(a.up.transaction, b.up.transaction);
    ASSERT_EQ(a.reversible(), b.reversible());
    if (a.down) {
      EXPECT_EQ(a.down->path, b.down->path);
      EXPECT_EQ(a.down->first_line, b.down->first_line);
      EXPECT_EQ(a.down->transaction, b.down->transaction);
    }
    EXPECT_EQ(a.requirements, b.requirements);
    EXPECT_EQ(a.category, b.category);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.notes, b.notes);
    EXPECT_FALSE(b.text_read);
    EXPECT_TRUE(b.up.text.empty());
  }
}

class FactsCacheTest : public ::testing::Test {
 protected:
  FactsCacheTest() {
    setenv("XDG_CACHE_HOME", (cache_.path() / "xdg").c_str(), 1);
    unsetenv("STRATA_CACHE");
    WriteCorpus(dir_);
  }
  ~FactsCacheTest() override { unsetenv("XDG_CACHE_HOME"); }
  std::string Dir() const { return (dir_.path() / "m").string(); }
  // The one cache file written, or "" when there is none.
  std::filesystem::path CacheFile() const {
    std::error_code error;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(cache_.path() / "xdg", error)) {
      if (entry.is_regular_file()) return entry.path();
    }
    return {};
  }
  TempDir cache_;
  TempDir dir_;
};

TEST_F(FactsCacheTest, FactsAreAFullLoadsFromTheFilesAndThenFromTheCache) {
  auto full = LoadMigrations(Dir());
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  auto first = LoadMigrations(Dir(), FactsOnly());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ExpectSameFacts(*full, *first);
  ASSERT_FALSE(CacheFile().empty()) << "no cache written";
  auto second = LoadMigrations(Dir(), FactsOnly());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ExpectSameFacts(*full, *second);
}

TEST_F(FactsCacheTest, AnUnchangedFileIsNotReadAndAWrittenOneAlwaysIs) {
  ASSERT_TRUE(LoadMigrations(Dir(), FactsOnly()).ok());
  // A checksum planted in the cache is believed while the file is untouched: it was not read.
  std::filesystem::path cache = CacheFile();
  std::stringstream text;
  text << std::ifstream(cache).rdbuf();
  auto full = LoadMigrations(Dir());
  ASSERT_TRUE(full.ok());
  const std::string real = full->migrations[1].checksum;  // 001_users
  std::string planted = text.str();
  ASSERT_NE(planted.find(real), std::string::npos);
  planted.replace(planted.find(real), real.size(), "sha256:planted");
  std::ofstream(cache, std::ios::trunc) << planted;
  auto cached = LoadMigrations(Dir(), FactsOnly());
  ASSERT_TRUE(cached.ok());
  EXPECT_EQ(cached->migrations[1].checksum, "sha256:planted");

  // Rewritten with the same size, its modification time put back: the change time still moves.
  const std::filesystem::path file = dir_.path() / "m/001_users.sql";
  struct stat before;
  ASSERT_EQ(stat(file.c_str(), &before), 0);
  std::string content;
  {
    std::stringstream s;
    s << std::ifstream(file).rdbuf();
    content = s.str();
  }
  content.replace(content.find("users (id"), 9, "USERS (id");
  std::ofstream(file, std::ios::trunc) << content;
  const timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
  auto again = LoadMigrations(Dir(), FactsOnly());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->migrations[1].checksum, Checksum(content));
  EXPECT_NE(again->migrations[1].checksum, real);
}

TEST_F(FactsCacheTest, ABrokenCacheIsIgnoredAndOffWritesNone) {
  ASSERT_TRUE(LoadMigrations(Dir(), FactsOnly()).ok());
  std::ofstream(CacheFile(), std::ios::trunc) << "strata facts 1 0.0.0-other\n1\tgarbage\n";
  auto full = LoadMigrations(Dir());
  auto facts = LoadMigrations(Dir(), FactsOnly());
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ExpectSameFacts(*full, *facts);

  std::filesystem::remove_all(cache_.path() / "xdg");
  setenv("STRATA_CACHE", "off", 1);
  ASSERT_TRUE(LoadMigrations(Dir(), FactsOnly()).ok());
  EXPECT_TRUE(CacheFile().empty()) << CacheFile();
  unsetenv("STRATA_CACHE");
}

TEST_F(FactsCacheTest, ReadMigrationTextsGivesAFullLoadsText) {
  ASSERT_TRUE(LoadMigrations(Dir(), FactsOnly()).ok());
  auto full = LoadMigrations(Dir());
  auto facts = LoadMigrations(Dir(), FactsOnly());
  ASSERT_TRUE(facts.ok());
  ASSERT_TRUE(ReadMigrationTexts(*facts, [](const Migration& m) { return m.version.text() != "004"; }).ok());
  for (size_t i = 0; i < full->migrations.size(); ++i) {
    const Migration& m = facts->migrations[i];
    SCOPED_TRACE(m.paths[0]);
    EXPECT_EQ(m.text_read, m.version.text() != "004");
    if (!m.text_read) continue;
    EXPECT_EQ(m.up.text, full->migrations[i].up.text);
    EXPECT_EQ(m.down ? m.down->text : "", full->migrations[i].down ? full->migrations[i].down->text : "");
    EXPECT_EQ(m.checksum, full->migrations[i].checksum);
  }
}

}  // namespace
}  // namespace strata
