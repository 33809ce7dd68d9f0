#include "schema/dump_file.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace strata {
namespace {

const Schema kSchema{{{"table", "users", "CREATE TABLE users (id INT);\n"},
                      {"index", "users_id", "CREATE INDEX users_id ON users (id);\n"}}};

TEST(DumpFile, SqlDumpNamesVersionAndObjectsAndReadsBackAsItsOwnScript) {
  const std::string text = WriteDump({"sqlite", "20261101090000"}, kSchema, false);
  EXPECT_EQ(text,
            "-- strata:dump version=20261101090000 database=sqlite objects=2\n"
            "-- The schema `strata dump` read; `strata load` creates it in an empty database.\n"
            "\n-- table users\nCREATE TABLE users (id INT);\n"
            "\n-- index users_id\nCREATE INDEX users_id ON users (id);\n");
  auto read = ReadDump("schema.sql", text);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->header.database, "sqlite");
  EXPECT_EQ(read->header.version, "20261101090000");
  EXPECT_EQ(read->script.text, text);
  EXPECT_EQ(read->script.path, "schema.sql");
}

TEST(DumpFile, ADatabaseWithoutHistoryDumpsVersionNone) {
  auto read = ReadDump("s.sql", WriteDump({"postgres", std::nullopt}, Schema{}, false));
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->header.version.has_value());
}

TEST(DumpFile, JsonDumpKeepsOneObjectALineAndLoadsAsAnArrayOfCommands) {
  const Schema mongo{{{"collection", "users", "{\"create\":\"users\"}\n"},
                      {"index", "users.email_1", "{\"createIndexes\":\"users\",\"indexes\":[{\"key\":{\"email\":1},\"name\":\"email_1\"}]}\n"}}};
  const std::string text = WriteDump({"mongodb", "3"}, mongo, true);
  EXPECT_NE(text.find("\n  {\"kind\": \"collection\", \"name\": \"users\", \"command\": {\"create\":\"users\"}},\n"),
            std::string::npos)
      << text;
  ASSERT_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded()) << text;
  auto read = ReadDump("schema.json", text);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->header.database, "mongodb");
  EXPECT_EQ(read->header.version, "3");
  EXPECT_EQ(nlohmann::json::parse(read->script.text),
            nlohmann::json::parse("[{\"create\":\"users\"},{\"createIndexes\":\"users\",\"indexes\":[{\"key\":{\"email\":1},"
                                  "\"name\":\"email_1\"}]}]"));
}

TEST(DumpFile, WhatIsNotADumpIsRefusedWithFileAndLine) {
  for (const char* text : {"CREATE TABLE t (i INT);\n", "", "{\"up\": []}", "-- strata:dump database=sqlite\n"}) {
    auto read = ReadDump("x.sql", text);
    ASSERT_FALSE(read.ok()) << text;
    EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument);
    ASSERT_TRUE(read.status().location().has_value());
    EXPECT_EQ(read.status().location()->file, "x.sql");
    EXPECT_EQ(read.status().location()->line, 1);
  }
}

}  // namespace
}  // namespace strata
