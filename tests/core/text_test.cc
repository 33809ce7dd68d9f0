#include "core/text.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(TextTest, FindsInvalidUtf8) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ab\xE9"), 2u);             // Latin-1 é
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);           // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("x\xED\xA0\x80"), 1u);      // UTF-16 surrogate
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82"), 0u);           // truncated
}

TEST(TextTest, PrintableEscapesControlsAndBytesThatAreNotUtf8) {
  EXPECT_EQ(Printable("caf\xC3\xA9\tok\n"), "caf\xC3\xA9\tok\n");
  EXPECT_EQ(Printable("a\rb\x1b[2J"), "a\\rb\\x1b[2J");
  EXPECT_EQ(Printable("1_caf\xE9.sql"), "1_caf\\xe9.sql");
  EXPECT_EQ(Printable("\xE2\x82"), "\\xe2\\x82");  // a sequence cut short: each byte shown
}

TEST(TextTest, LineOfOffset) {
  std::string_view text = "a\nbb\nccc";
  EXPECT_EQ(LineOfOffset(text, 0), 1);
  EXPECT_EQ(LineOfOffset(text, 2), 2);
  EXPECT_EQ(LineOfOffset(text, 7), 3);
  EXPECT_EQ(LineOfOffset(text, 100), 3);
}

TEST(TextTest, NormalizesLineEndings) {
  EXPECT_EQ(NormalizeLineEndings("a\r\nb\rc\n"), "a\nb\nc\n");
}

TEST(TextTest, BlankSql) {
  EXPECT_TRUE(IsBlankSql(""));
  EXPECT_TRUE(IsBlankSql("  \n-- only a comment\n/* block\n */\n"));
  EXPECT_FALSE(IsBlankSql("-- c\nSELECT 1;"));
  EXPECT_FALSE(IsBlankSql("/* unterminated"));
}

}  // namespace
}  // namespace strata
