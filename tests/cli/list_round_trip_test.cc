// A file that reads round-trips through `strata list --json`: what the reader made of it (version,
// name, format, checksum, transactions, reversibility, header) comes out of the command exactly, as valid JSON,
// whatever its line endings, byte-order mark or name. The files: every migration in the repository's
// examples and test data, and variants in every format strata reads.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "strata/source.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

struct File {
  std::string name;
  std::string content;
};

std::vector<File> Corpus() {
  std::vector<File> files = {
      {"1_plain.sql", "-- strata:up\nCREATE TABLE a (i INT);\n-- strata:down\nDROP TABLE a;\n"},
      {"2_outside.sql", "-- strata:up transaction:false\nCREATE INDEX CONCURRENTLY a_i ON a (i);\n"},
      {"3_dbmate.sql", "-- migrate:up\nCREATE TABLE b (i INT);\n\n-- migrate:down\nDROP TABLE b;\n"},
      {"4_dbmate_no_tx.sql", "-- migrate:up transaction:false\nVACUUM;\n-- migrate:down\n"},
      {"5_golang.up.sql", "CREATE TABLE c (i INT);\n"},
      {"20261203101500_timestamped.sql", "-- strata:up\nSELECT 1;\n"},
      {"0000000000000000000000000000000000000042_forty_digits.sql", "-- strata:up\nSELECT 1;\n"},
      {"6_caf\xc3\xa9_\xe6\x97\xa5\xe6\x9c\xac.sql", "-- strata:up\nINSERT INTO t VALUES ('\xe2\x82\xac');\n"},
      {"7_with spaces and 'quotes'.sql", "-- strata:up\nSELECT 1;\n"},
      {"8_comments_only_down.sql", "-- strata:up\nSELECT 1;\n-- strata:down\n-- nothing to undo\n"},
      {"9_mongo.json", R"([{"create": "users"}, {"createIndexes": "users", "indexes": [{"key": {"email": 1}, "name": "email_1"}]}])"},
      {"10_mongo_up_down.json", R"({"up": [{"create": "t"}], "down": [{"drop": "t"}]})"},
      {"11_header.sql", "-- strata:requires 1, 02\n-- strata:category data\n-- strata:description Moves rows\n"
                        "-- strata:up\nSELECT 1;\n"},
      {"12_mongo_header.json", R"({"requires": ["1"], "category": "index", "description": "d", "up": []})"},
  };
  for (const char* root : {STRATA_TEST_DATA "/../../examples", STRATA_TEST_DATA}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".sql" && ext != ".json")) continue;
      if (entry.path().string().find("node_modules") != std::string::npos) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream content;
      content << in.rdbuf();
      files.push_back({entry.path().filename().string(), content.str()});
    }
  }
  // Each again with Windows line endings, and with a byte-order mark.
  const size_t originals = files.size();
  for (size_t i = 0; i < originals; ++i) {
    std::string crlf;
    for (char c : files[i].content) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    files.push_back({files[i].name, crlf});
    files.push_back({files[i].name, "\xEF\xBB\xBF" + files[i].content});
  }
  return files;
}

TEST(ListRoundTrip, WhatReadsComesOutOfListJsonExactly) {
  // The files share directories, one `strata list` each (a process per file made this test slow under
  // the sanitizers): a directory holds each version once and one format, so none is refused for another.
  struct Folder {
    MigrationFormat format;
    std::map<std::string, std::pair<File, Migration>> by_version;
  };
  std::vector<Folder> folders;
  for (const File& file : Corpus()) {
    auto read = ParseMigrationFile("m/" + file.name, file.content);
    if (!read.ok()) continue;  // not a migration on its own (a README in JSON, say): nothing to compare
    const std::string number = read->version.number();
    auto fits = [&](const Folder& f) { return f.format == read->format && !f.by_version.count(number); };
    auto folder = std::find_if(folders.begin(), folders.end(), fits);
    if (folder == folders.end()) folder = folders.insert(folders.end(), Folder{read->format, {}});
    folder->by_version.emplace(number, std::make_pair(file, std::move(*read)));
  }
  int compared = 0;
  for (const Folder& folder : folders) {
    TempDir dir;
    for (const auto& [number, entry] : folder.by_version) dir.Write("m/" + entry.first.name, entry.first.content);
    Outcome listed = Strata(dir.path())({"--dir", "m", "--json", "list"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    json out = json::parse(listed.out, nullptr, false);
    ASSERT_TRUE(out.is_object()) << "not JSON: " << listed.out;
    ASSERT_EQ(out["migrations"].size(), folder.by_version.size()) << out.dump();
    for (const json& m : out["migrations"]) {
      auto version = Version::Parse(m["version"].get<std::string>());
      ASSERT_TRUE(version) << m.dump();
      auto it = folder.by_version.find(version->number());
      ASSERT_NE(it, folder.by_version.end()) << m.dump();
      const auto& [file, read] = it->second;
      SCOPED_TRACE(file.name);
      EXPECT_EQ(m["version"], read.version.text());
      EXPECT_EQ(m["name"], read.name);
      EXPECT_EQ(m["format"], MigrationFormatName(read.format));
      EXPECT_EQ(m["checksum"], read.checksum);
      EXPECT_EQ(m["files"], json::array({"m/" + file.name}));
      EXPECT_EQ(m["reversible"], read.reversible());
      EXPECT_EQ(m["up_transaction"], read.up.transaction);
      EXPECT_EQ(m["down_transaction"], read.down ? json(read.down->transaction) : json(nullptr));
      EXPECT_EQ(m["category"], read.category.empty() ? json(nullptr) : json(read.category));
      EXPECT_EQ(m["description"], read.description.empty() ? json(nullptr) : json(read.description));
      json requirements = json::array();
      for (const Version& v : read.requirements) requirements.push_back(v.text());
      EXPECT_EQ(m["requires"], requirements);
      ++compared;
    }
  }
  EXPECT_GE(compared, 60) << "the corpus shrank: fewer files were compared than it should hold";
  RecordProperty("files_compared", compared);
  RecordProperty("strata_runs", static_cast<int>(folders.size()));
}

}  // namespace
}  // namespace strata
