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

}  // namespace
}  // namespace strata
