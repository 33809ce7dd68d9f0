#include <gtest/gtest.h>

#include "strata/source.h"

namespace strata {
namespace {

TEST(ParseMigrationFileTest, StrataFormat) {
  auto m = ParseMigrationFile("db/20261122093000_add_users.sql",
                              "-- a comment before\n-- strata:up\nCREATE TABLE u (id INT);\n-- strata:down\nDROP TABLE u;\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->version.text(), "20261122093000");
  EXPECT_EQ(m->name, "add_users");
  EXPECT_EQ(m->format, MigrationFormat::kStrata);
  EXPECT_EQ(m->up.text, "CREATE TABLE u (id INT);\n");
  EXPECT_EQ(m->up.first_line, 3);
  ASSERT_TRUE(m->down);
  EXPECT_EQ(m->down->text, "DROP TABLE u;\n");
  EXPECT_EQ(m->down->first_line, 5);
  EXPECT_TRUE(m->up.transaction);
  EXPECT_EQ(m->checksum.substr(0, 7), "sha256:");
  EXPECT_EQ(m->checksum.size(), 7u + 64u);
}

TEST(ParseMigrationFileTest, DbmateFormatWithTransactionFalse) {
  auto m = ParseMigrationFile("001_vacuum.sql", "-- migrate:up transaction:false\nVACUUM;\n-- migrate:down\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->format, MigrationFormat::kDbmate);
  EXPECT_FALSE(m->up.transaction);
  ASSERT_TRUE(m->down);
  EXPECT_TRUE(m->down->transaction);
  EXPECT_EQ(m->down->text, "");
}

TEST(ParseMigrationFileTest, NoDownMarkerIsIrreversible) {
  auto m = ParseMigrationFile("2_x.sql", "-- strata:up\nSELECT 1;\n");
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(m->reversible());
}

TEST(ParseMigrationFileTest, CommentOnlyUpIsValid) {
  auto m = ParseMigrationFile("3_noop.sql", "-- strata:up\n-- nothing yet\n");
  ASSERT_TRUE(m.ok());
}

TEST(ParseMigrationFileTest, ChecksumIgnoresLineEndingsOnly) {
  auto lf = ParseMigrationFile("1_a.sql", "-- strata:up\nSELECT 1;\n");
  auto crlf = ParseMigrationFile("1_a.sql", "-- strata:up\r\nSELECT 1;\r\n");
  auto other = ParseMigrationFile("1_a.sql", "-- strata:up\nSELECT 2;\n");
  ASSERT_TRUE(lf.ok() && crlf.ok() && other.ok());
  EXPECT_EQ(lf->checksum, crlf->checksum);
  EXPECT_NE(lf->checksum, other->checksum);
  EXPECT_EQ(crlf->up.text, "SELECT 1;\r\n");  // text is kept as written
}

struct BadFile {
  const char* case_name;
  const char* content;
  int line;               // expected line in the error, 0 for none
  const char* mentions;   // expected part of the message
};

class BadMigrationFileTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadMigrationFileTest, IsRejectedWithFileAndLine) {
  const BadFile& bad = GetParam();
  auto m = ParseMigrationFile("db/007_bad.sql", bad.content);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidMigration);
  ASSERT_TRUE(m.status().location());
  EXPECT_EQ(m.status().location()->file, "db/007_bad.sql");
  EXPECT_EQ(m.status().location()->line, bad.line);
  EXPECT_NE(m.status().message().find(bad.mentions), std::string::npos) << m.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadMigrationFileTest,
    ::testing::Values(BadFile{"NoMarker", "CREATE TABLE t (id INT);\n", 0, "no '-- strata:up' marker"},
                      BadFile{"Empty", "", 0, "no '-- strata:up' marker"},
                      BadFile{"DownOnly", "-- strata:down\nDROP TABLE t;\n", 0, "no '-- strata:up' marker"},
                      BadFile{"StatementsBeforeMarker", "SELECT 1;\n-- strata:up\nSELECT 2;\n", 1, "before the first marker"},
                      BadFile{"SecondUpMarker", "-- strata:up\nA;\n-- strata:up\nB;\n", 3, "second '-- strata:up'"},
                      BadFile{"UnknownMarker", "-- strata:up\n-- strata:dwon\n", 2, "unknown marker"},
                      BadFile{"UnknownOption", "-- strata:up transaction:no\n", 1, "unknown marker option"},
                      BadFile{"MixedFormats", "-- strata:up\nA;\n-- migrate:down\nB;\n", 3, "mixes"},
                      BadFile{"Latin1", "-- strata:up\nSELECT 'caf\xE9';\n", 2, "not valid UTF-8"}),
    [](const ::testing::TestParamInfo<BadFile>& info) { return std::string(info.param.case_name); });

}  // namespace
}  // namespace strata
