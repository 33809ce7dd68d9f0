#include <gtest/gtest.h>

#include "strata/source.h"

namespace strata {
namespace {

Section Text(std::string text) { return Section{std::move(text), "db/5_x.sql", 10, true}; }

TEST(PlaceholdersTest, FillsAndEscapes) {
  auto out = FillPlaceholders(Text("CREATE SCHEMA ${schema}; SELECT '$${literal}', $1, ${schema}_x;"),
                              {{"schema", "app"}});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "CREATE SCHEMA app; SELECT '${literal}', $1, app_x;");
}

TEST(PlaceholdersTest, UnsetIsAnErrorWithLine) {
  auto out = FillPlaceholders(Text("SELECT 1;\nSELECT ${missing};\n"), {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().location()->file, "db/5_x.sql");
  EXPECT_EQ(out.status().location()->line, 11);
  EXPECT_NE(out.status().message().find("--set missing=VALUE"), std::string::npos);
  EXPECT_NE(out.status().message().find("STRATA_VAR_missing"), std::string::npos);
}

TEST(PlaceholdersTest, MalformedIsAnError) {
  EXPECT_FALSE(FillPlaceholders(Text("SELECT ${ broken"), {}).ok());
  EXPECT_FALSE(FillPlaceholders(Text("SELECT ${1x}"), {{"1x", "v"}}).ok());
}

// In .json migrations a value can never add fields, commands or operators.
TEST(PlaceholdersTest, JsonValuesStayInsideTheirString) {
  auto fill = [](const std::string& text, const std::string& value) {
    return FillPlaceholders(Text(text), {{"V", value}}, PlaceholderSyntax::kJson);
  };
  const std::string doc = R"([{"insert": "s", "documents": [{"value": "${V}", "note": "$${V} stays"}]}])";
  EXPECT_EQ(*fill(doc, R"(C:\new\table)"), R"([{"insert": "s", "documents": [{"value": "C:\\new\\table", "note": "${V} stays"}]}])");
  EXPECT_EQ(*fill(doc, "gold\", \"x\": \"injected"),
            R"([{"insert": "s", "documents": [{"value": "gold\", \"x\": \"injected", "note": "${V} stays"}]}])");
  EXPECT_EQ(*fill(doc, "tab\tline\n\x01"), R"([{"insert": "s", "documents": [{"value": "tab\tline\n\u0001", "note": "${V} stays"}]}])");
  EXPECT_EQ(*fill(doc, "naïve ☃"), R"([{"insert": "s", "documents": [{"value": "naïve ☃", "note": "${V} stays"}]}])");
  // A quote escaped in the file does not end the string: the placeholder after it is still inside.
  EXPECT_EQ(*fill(R"(["a \" ${V}"])", "\""), R"(["a \" \""])");
  EXPECT_FALSE(fill(doc, "\xff").ok()) << "not UTF-8";
}

TEST(PlaceholdersTest, JsonValuePositionsTakeOneScalarOnly) {
  auto fill = [](const std::string& value) {
    return FillPlaceholders(Text("[{\"find\": \"s\",\n \"limit\": ${N}}]"), {{"N", value}}, PlaceholderSyntax::kJson);
  };
  EXPECT_EQ(*fill("42"), "[{\"find\": \"s\",\n \"limit\": 42}]");
  EXPECT_EQ(*fill(" true "), "[{\"find\": \"s\",\n \"limit\": true}]");
  EXPECT_EQ(*fill("\"text\""), "[{\"find\": \"s\",\n \"limit\": \"text\"}]");
  for (const char* bad : {"1, \"x\": 2", "{\"$gt\": 1}", "[1]", "", "1}]", "nope"}) {
    auto out = fill(bad);
    ASSERT_FALSE(out.ok()) << bad;
    EXPECT_EQ(out.status().location()->line, 11);
    EXPECT_NE(out.status().message().find("${N}"), std::string::npos) << out.status().message();
  }
}

}  // namespace
}  // namespace strata
