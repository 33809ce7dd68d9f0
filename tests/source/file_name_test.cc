// Which names are migrations, and what is said of names a person meant as migrations but that are not.
#include "source/file_name.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(FileName, GolangMigrateHalvesKeepTheirDirectionWhateverTheirName) {
  auto down = ParseMigrationFileName("20230313141439000001_session_token_length.sqlite3.down.sql");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->role, FileRole::kDown);
  EXPECT_EQ(down->version.text(), "20230313141439000001");
  EXPECT_EQ(down->name, "session_token_length.sqlite3");
}

TEST(FileName, NamesMeantAsMigrationsAreExplained) {
  struct Case {
    const char* name;
    const char* says;  // "" when nothing is said
  };
  const Case cases[] = {
      {"V12__add_users.sql", ""},  // Flyway's files are read (other_tools_test.cc)
      {"U1.2__add_users.sql", ""},
      {"v12__add_users.sql", "rename it to V12__add_users.sql"},
      {"V1..2__add_users.sql", "numbers separated by single '.' or '_'"},
      {"R__views.sql", "repeatable"},
      {"11_x.SQL", "rename it to 11_x.sql"},
      {"11_x.Json", "rename it to 11_x.json"},
      {"001_x.sql.bak", "only names ending in .sql"},
      {"001_x.sql~", "only names ending in .sql"},
      {"notes.sql", "starts with its version"},
      {"001_x.sql", ""},
      {"README.md", ""},
      {".gitkeep", ""},
      {"package.json", ""},
      {".hidden.sql", ""},
  };
  for (const Case& c : cases) {
    std::string said = WhyNotAMigration(c.name).value_or("");
    if (*c.says == '\0') {
      EXPECT_EQ(said, "") << c.name;
    } else {
      EXPECT_NE(said.find(c.says), std::string::npos) << c.name << ": " << said;
    }
  }
}

}  // namespace
}  // namespace strata
