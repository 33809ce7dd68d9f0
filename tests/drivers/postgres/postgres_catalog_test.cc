// What PostgreSQL's catalog says of table sizes (CatalogFacts), with a second schema in the database as a
// fleet has hundreds: an unqualified name is the search path's table, not the largest of that name.
#include <gtest/gtest.h>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/schemas.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Backend;
using testing::TempDir;

std::vector<Backend> CatalogServers() {
  std::vector<Backend> out;
  for (const Backend& b : testing::ServerBackends()) {
    if (b.name == "postgres") out.push_back(b);
  }
  return out;
}

class PostgresCatalogTest : public ::testing::TestWithParam<Backend> {};

void FillItems(Connection& connection, int rows) {
  Status s = connection.Execute({"CREATE TABLE items (id integer PRIMARY KEY);\n"
                                 "INSERT INTO items SELECT generate_series(1, " + std::to_string(rows) + ");\n"
                                 "ANALYZE items;",
                                 "", 1});
  ASSERT_TRUE(s.ok()) << s.ToString();
}

TEST_P(PostgresCatalogTest, AnUnqualifiedNameIsTheSearchPathsTable) {
  TempDir dir;
  const std::string big_url = testing::FreshUrl(GetParam(), dir);
  const std::string small_url = testing::FreshUrl(GetParam(), dir);
  ASSERT_NE(big_url, small_url);
  auto big = testing::OpenConnection(big_url);
  auto small = testing::OpenConnection(small_url);
  ASSERT_NE(big, nullptr);
  ASSERT_NE(small, nullptr);
  FillItems(*big, 3000);
  FillItems(*small, 10);
  ASSERT_NE(small->facts(), nullptr);
  auto rows = small->facts()->TableRows();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const std::string big_schema = big_url.substr(big_url.rfind("schema=") + 7);
  const std::string small_schema = small_url.substr(small_url.rfind("schema=") + 7);
  EXPECT_EQ(rows->at("items"), 10);
  EXPECT_EQ(rows->at(small_schema + ".items"), 10);
  EXPECT_EQ(rows->at(big_schema + ".items"), 3000);  // other schemas stay known by their qualified names
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PostgresCatalogTest);
INSTANTIATE_TEST_SUITE_P(Servers, PostgresCatalogTest, ::testing::ValuesIn(CatalogServers()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace strata
