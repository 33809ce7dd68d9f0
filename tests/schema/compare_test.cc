#include "schema/compare.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

Schema Of(std::vector<SchemaObject> objects) { return Schema{std::move(objects)}; }

TEST(CompareSchemas, SameObjectsInAnotherOrderAreTheSame) {
  Schema a = Of({{"table", "t", "CREATE TABLE t (i INT);\n"}, {"index", "t_i", "CREATE INDEX t_i ON t (i);\n"}});
  Schema b = Of({a.objects[1], a.objects[0]});
  EXPECT_TRUE(CompareSchemas(a, b).empty());
}

TEST(CompareSchemas, NamesWhatIsMissingExtraOrChangedByKindAndName) {
  Schema expected = Of({{"table", "t", "CREATE TABLE t (i INT);\n"},
                        {"index", "t_i", "CREATE INDEX t_i ON t (i);\n"},
                        {"view", "v", "CREATE VIEW v AS SELECT 1;\n"}});
  Schema actual = Of({{"table", "t", "CREATE TABLE t (i INT, j INT);\n"},
                      {"view", "v", "CREATE VIEW v AS SELECT 1;\n"},
                      {"trigger", "t_i", "CREATE TRIGGER t_i ...;\n"}});
  auto d = CompareSchemas(expected, actual);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].change, SchemaDifference::Change::kChanged);
  EXPECT_EQ(d[0].name, "t");
  EXPECT_EQ(d[0].expected, "CREATE TABLE t (i INT);\n");
  EXPECT_EQ(d[0].actual, "CREATE TABLE t (i INT, j INT);\n");
  EXPECT_EQ(d[1].change, SchemaDifference::Change::kMissing);
  EXPECT_EQ(d[1].kind, "index");
  EXPECT_EQ(d[1].actual, "");
  // The same name as another kind is another object.
  EXPECT_EQ(d[2].change, SchemaDifference::Change::kExtra);
  EXPECT_EQ(d[2].kind, "trigger");
  EXPECT_STREQ(SchemaChangeName(d[2].change), "extra");
}

}  // namespace
}  // namespace strata
