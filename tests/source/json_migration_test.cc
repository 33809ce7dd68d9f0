// MongoDB migration files (.json): sections, transactions, and every mistake named with its line.
#include <gtest/gtest.h>

#include "core/json_spans.h"
#include "strata/source.h"

namespace strata {
namespace {

TEST(JsonMigrationTest, SectionsKeepTheirTextAndLines) {
  const char* file =
      "{\n"
      "  \"description\": \"emails are unique\",\n"
      "  \"up\": [\n"
      "    {\"update\": \"users\", \"updates\": [{\"q\": {}, \"u\": {\"$set\": {\"a\": 1}}, \"multi\": true}]}\n"
      "  ],\n"
      "  \"down\": [{\"update\": \"users\", \"updates\": [{\"q\": {}, \"u\": {\"$unset\": {\"a\": \"\"}}}]}]\n"
      "}\n";
  auto m = ParseMigrationFile("db/7_unique_emails.json", file);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->format, MigrationFormat::kMongoJson);
  EXPECT_EQ(m->version.text(), "7");
  EXPECT_EQ(m->name, "unique_emails");
  EXPECT_EQ(m->up.first_line, 3);
  EXPECT_EQ(m->up.text.front(), '[');
  EXPECT_EQ(m->up.text.back(), ']');
  EXPECT_TRUE(m->up.transaction) << "document writes may share a transaction";
  ASSERT_TRUE(m->down);
  EXPECT_EQ(m->down->first_line, 6);
  EXPECT_FALSE(m->backup);
  auto crlf = ParseMigrationFile("7_unique_emails.json", std::string(file).replace(1, 1, "\r\n"));
  ASSERT_TRUE(crlf.ok());
  EXPECT_EQ(crlf->checksum, m->checksum);
}

TEST(JsonMigrationTest, CommandsMongoDbRefusesInATransactionMakeTheSectionNonAtomic) {
  struct Case {
    const char* up;
    bool transaction;
  } cases[] = {
      {R"([{"insert": "a", "documents": [{}]}, {"strata.renameField": {"collection": "a", "from": "x", "to": "y"}}])", true},
      {R"([{"aggregate": "a", "pipeline": [{"$match": {}}], "cursor": {}}])", true},
      {R"([{"aggregate": "a", "pipeline": [{"$match": {}}, {"$out": "b"}], "cursor": {}}])", false},
      {R"([{"insert": "a", "documents": [{}]}, {"drop": "b"}])", false},
      {R"([{"createIndexes": "a", "indexes": [{"key": {"x": 1}, "name": "x_1"}]}])", false},
      {R"([{"collMod": "a", "validator": {}}])", false},
      {R"([{"strata.createIndex": {"collection": "a", "keys": ["x"]}}])", false},
  };
  for (const Case& c : cases) {
    auto m = ParseMigrationFile("1_x.json", std::string(R"({"up": )") + c.up + "}");
    ASSERT_TRUE(m.ok()) << c.up << ": " << m.status().ToString();
    EXPECT_EQ(m->up.transaction, c.transaction) << c.up;
  }
  auto opted_out = ParseMigrationFile("1_x.json", R"({"transaction": false, "backup": true, "up": [{"insert": "a", "documents": [{}]}]})");
  ASSERT_TRUE(opted_out.ok());
  EXPECT_FALSE(opted_out->up.transaction);
  EXPECT_TRUE(opted_out->backup);
}

TEST(JsonMigrationTest, MistakesAreNamedWithTheirLine) {
  struct Case {
    const char* content;
    int line;
    const char* says;
  } cases[] = {
      {"{\n  \"up\": [\n    {\"drop\": \"a\"},\n  ]\n}\n", 4, "not valid JSON"},
      {"[{\"drop\": \"a\"}]", 1, "is a JSON object"},
      {"{\"down\": []}", 1, "no \"up\""},
      {"{\n\"up\": [],\n\"dwon\": []\n}", 3, "unknown key \"dwon\""},
      {"{\n\"up\": {\"drop\": \"a\"}\n}", 2, "must be an array"},
      {"{\"up\": [\n{\"drop\": \"a\"},\n\"drop a\"\n]}", 3, "command 2 of \"up\" is not a command document"},
      {"{\"up\": [\n{}\n]}", 2, "command 1 of \"up\" is not a command document"},
      {"{\"up\": [{\"strata.removeField\": \"users\"}]}", 1, "takes an object of arguments"},
      {"{\"transaction\": \"no\", \"up\": []}", 1, "must be true or false"},
  };
  for (const Case& c : cases) {
    auto m = ParseMigrationFile("db/3_bad.json", c.content);
    ASSERT_FALSE(m.ok()) << c.content;
    EXPECT_EQ(m.status().code(), StatusCode::kInvalidMigration);
    EXPECT_NE(m.status().message().find(c.says), std::string::npos) << m.status().message();
    ASSERT_TRUE(m.status().location()) << c.content;
    EXPECT_EQ(m.status().location()->file, "db/3_bad.json");
    EXPECT_EQ(m.status().location()->line, c.line) << c.content << "\n" << m.status().message();
  }
}

TEST(JsonSpansTest, MembersAndElementsWithStringsThatLookLikeStructure) {
  auto members = ObjectMembers(R"( {"a": "x}],\"", "b": [1, {"c": [2]}], "d": null} )");
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 3u);
  EXPECT_EQ((*members)[0].key, "a");
  EXPECT_EQ((*members)[1].key, "b");
  EXPECT_EQ((*members)[2].key, "d");
  auto elements = ArrayElements(R"([{"x": "]"}, 2 , "s"])");
  ASSERT_TRUE(elements);
  ASSERT_EQ(elements->size(), 3u);
  EXPECT_EQ((*elements)[0].length, 10u);
  EXPECT_FALSE(ArrayElements(R"({"a": 1})"));
  EXPECT_FALSE(ObjectMembers(R"({"a": 1)"));
}

}  // namespace
}  // namespace strata
