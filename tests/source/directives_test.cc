// Header directives (`-- strata:requires`, `category`, `description`, `backup`) in every format, and each
// mistake named with its file and line.
#include <gtest/gtest.h>

#include "strata/source.h"

namespace strata {
namespace {

std::vector<std::string> Texts(const std::vector<Version>& versions) {
  std::vector<std::string> out;
  for (const Version& v : versions) out.push_back(v.text());
  return out;
}

// The error of parsing `content` as `path`: "file:line: message".
std::string ErrorOf(const std::string& path, const std::string& content) {
  auto m = ParseMigrationFile(path, content);
  EXPECT_FALSE(m.ok()) << path;
  return m.ok() ? "" : m.status().ToString();
}

TEST(DirectivesTest, StrataHeaderAboveAndJustBelowTheUpMarker) {
  auto m = ParseMigrationFile("db/20261103080000_backfill.sql",
                              "-- Backfills emails.\n"
                              "-- strata:requires 20261101090000, 20261102100000\n"
                              "-- strata:description Fills users.email\n"
                              "-- strata:description from the old column\n"
                              "-- strata:up\n"
                              "-- strata:category data\n"
                              "-- strata:requires 20261101090000 020261101091500\n"
                              "UPDATE users SET email = old_email;\n"
                              "-- strata:down\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Texts(m->requirements), (std::vector<std::string>{"20261101090000", "20261102100000", "020261101091500"}))
      << "repeatable, duplicates once, versions as written";
  EXPECT_EQ(m->category, "data");
  EXPECT_EQ(m->description, "Fills users.email from the old column");
  EXPECT_FALSE(m->backup);
  EXPECT_EQ(m->up.first_line, 6);
  EXPECT_NE(m->up.text.find("UPDATE users"), std::string::npos);
}

TEST(DirectivesTest, DbmateFileTakesStrataDirectivesAndBackup) {
  auto m = ParseMigrationFile("7_drop.sql",
                              "-- strata:category schema\n-- strata:backup\n-- migrate:up\nDROP TABLE t;\n"
                              "-- migrate:down\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->format, MigrationFormat::kDbmate);
  EXPECT_EQ(m->category, "schema");
  EXPECT_TRUE(m->backup);
  EXPECT_TRUE(m->requirements.empty());
}

TEST(DirectivesTest, GolangMigrateUpFileHeader) {
  auto set = LoadMigrations(std::vector<MigrationFile>{
      {"1_a.up.sql", "CREATE TABLE a (i INT);\n"},
      {"2_b.up.sql", "-- Adds b.\n-- strata:requires 1\n-- strata:category index\n\nCREATE INDEX b ON a (i);\n"},
      {"2_b.down.sql", "DROP INDEX b;\n"},
  });
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  const Migration& b = set->migrations[1];
  EXPECT_EQ(Texts(b.requirements), std::vector<std::string>{"1"});
  EXPECT_EQ(b.category, "index");

  auto late = LoadMigrations(
      std::vector<MigrationFile>{{"3_c.up.sql", "-- c\nCREATE TABLE c (i INT);\n\n-- strata:requires 1\nSELECT 1;\n"}});
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.status().message().find("3_c.up.sql:4"), std::string::npos) << late.status().message();
  EXPECT_NE(late.status().message().find("after the first statement"), std::string::npos) << late.status().message();
}

TEST(DirectivesTest, MistakesNameFileLineAndWhatIsAllowed) {
  std::string category = ErrorOf("db/1_a.sql", "-- strata:category tables\n-- strata:up\nSELECT 1;\n");
  EXPECT_NE(category.find("db/1_a.sql:1"), std::string::npos) << category;
  EXPECT_NE(category.find("unknown category 'tables'"), std::string::npos) << category;
  EXPECT_NE(category.find("schema, data, index, constraint, seed"), std::string::npos) << category;

  std::string version = ErrorOf("db/1_a.sql", "-- a\n-- strata:requires 20261101090000, v2\n-- strata:up\n");
  EXPECT_NE(version.find("db/1_a.sql:2"), std::string::npos) << version;
  EXPECT_NE(version.find("'v2', which is not a version"), std::string::npos) << version;

  EXPECT_NE(ErrorOf("1_a.sql", "-- strata:requires 001\n-- strata:up\n").find("requires itself"), std::string::npos);
  EXPECT_NE(ErrorOf("1_a.sql", "-- strata:requires\n-- strata:up\n").find("requires no version"), std::string::npos);
  EXPECT_NE(
      ErrorOf("1_a.sql", "-- strata:category data\n-- strata:category seed\n-- strata:up\n").find("second category"),
      std::string::npos);

  std::string after = ErrorOf("db/1_a.sql", "-- strata:up\nSELECT 1;\n-- strata:category data\n");
  EXPECT_NE(after.find("db/1_a.sql:3"), std::string::npos) << after;
  EXPECT_NE(after.find("after a statement"), std::string::npos) << after;
  std::string down = ErrorOf("db/1_a.sql", "-- strata:up\nSELECT 1;\n-- strata:down\n-- strata:requires 2\n");
  EXPECT_NE(down.find("db/1_a.sql:4"), std::string::npos) << down;
  EXPECT_NE(down.find("in the down section"), std::string::npos) << down;

  std::string unknown = ErrorOf("1_a.sql", "-- strata:depends 2\n-- strata:up\n");
  EXPECT_NE(unknown.find("unknown marker '-- strata:depends'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("'-- strata:requires'"), std::string::npos) << unknown;
}

TEST(DirectivesTest, MongoDbMembers) {
  auto listed = ParseMigrationFile(
      "5_index.json",
      R"({"requires": ["1", "3"], "category": "index", "description": "emails are unique", "up": [{"create": "t"}]})");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(Texts(listed->requirements), (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(listed->category, "index");
  EXPECT_EQ(listed->description, "emails are unique");
  auto written = ParseMigrationFile("5_index.json", R"({"requires": "1, 3", "up": []})");
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(Texts(written->requirements), (std::vector<std::string>{"1", "3"}));

  std::string category = ErrorOf("5_index.json", "{\n  \"up\": [],\n  \"category\": \"misc\"\n}\n");
  EXPECT_NE(category.find("5_index.json:3"), std::string::npos) << category;
  EXPECT_NE(category.find("schema, data, index, constraint, seed"), std::string::npos) << category;
  EXPECT_NE(ErrorOf("5_index.json", R"({"up": [], "requires": [1]})").find("array of version strings"),
            std::string::npos);
  EXPECT_NE(ErrorOf("5_index.json", R"({"up": [], "requires": ["x1"]})").find("not a version"), std::string::npos);
  EXPECT_NE(ErrorOf("5_index.json", R"({"up": [], "description": 3})").find("must be a string"), std::string::npos);
}

}  // namespace
}  // namespace strata

namespace strata {
namespace {

TEST(DirectivesTest, BatchReadsItsParameters) {
  auto m = ParseMigrationFile("db/5_backfill.sql",
                              "-- strata:batch size=500 sleep=20ms key=user_id max-lag=5s\n"
                              "-- strata:up\nUPDATE t SET n = 1;\n-- strata:down\nUPDATE t SET n = 0;\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_TRUE(m->batch);
  EXPECT_EQ(m->batch->size, 500);
  EXPECT_EQ(m->batch->sleep.count(), 20);
  EXPECT_EQ(m->batch->key, "user_id");
  EXPECT_EQ(m->batch->max_lag.count(), 5000);
  EXPECT_EQ(m->batch->max_threads_running, 0);
  EXPECT_EQ(m->batch->line, 1);

  auto defaults = ParseMigrationFile("db/6_x.sql", "-- strata:up\n-- strata:batch\nDELETE FROM t;\n");
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  EXPECT_EQ(defaults->batch->size, 10000);
  EXPECT_EQ(defaults->batch->sleep.count(), 0);
  EXPECT_EQ(defaults->batch->key, "");
  EXPECT_FALSE(ParseMigrationFile("db/7_x.sql", "-- strata:up\nDELETE FROM t;\n")->batch);
}

TEST(DirectivesTest, BatchMistakesNameTheirLine) {
  struct Case {
    const char* header;
    const char* expected;
  } cases[] = {
      {"-- strata:batch size=0", "db/5_x.sql:2: size=0 is not a positive whole number"},
      {"-- strata:batch size=10k", "db/5_x.sql:2: size=10k is not a positive whole number"},
      {"-- strata:batch sleep=fast", "db/5_x.sql:2: sleep=fast is not a duration"},
      {"-- strata:batch max-lag=1y", "db/5_x.sql:2: max-lag=1y is not a duration"},
      {"-- strata:batch max-threads-running=-3", "db/5_x.sql:2: max-threads-running=-3 is not a positive"},
      {"-- strata:batch size=5 size=6", "db/5_x.sql:2: 'size' is given twice"},
      {"-- strata:batch rows=5", "db/5_x.sql:2: unknown parameter 'rows' of '-- strata:batch'"},
      {"-- strata:batch 5000", "db/5_x.sql:2: '5000' is not a name=value parameter"},
      {"-- strata:batch key=\"id\"", "db/5_x.sql:2: key=\"id\" is not a plain column name"},
      {"-- strata:batch\n-- strata:batch", "db/5_x.sql:3: a second '-- strata:batch' (the first is at line 2)"},
  };
  for (const Case& c : cases) {
    std::string error = ErrorOf("db/5_x.sql", std::string("-- a header\n") + c.header + "\n-- strata:up\nDELETE FROM t;\n");
    EXPECT_EQ(error.rfind(c.expected, 0), 0u) << error;
    EXPECT_NE(error.find("-- strata:batch size=10000 sleep=50ms key=id"), std::string::npos) << error;
  }
}

TEST(DirectivesTest, BatchRefusesTransactionFalse) {
  std::string error =
      ErrorOf("db/5_x.sql", "-- strata:batch\n-- strata:up\nDELETE FROM t;\n-- strata:down transaction:false\nSELECT 1;\n");
  EXPECT_EQ(error.rfind("db/5_x.sql:4: 'transaction:false' on a batched migration (-- strata:batch, line 1)", 0), 0u)
      << error;
}

}  // namespace
}  // namespace strata
