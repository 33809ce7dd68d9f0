#include "strata/version.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(VersionTest, ComparesAsNumbersOfAnyLength) {
  EXPECT_LT(*Version::Parse("9"), *Version::Parse("10"));
  EXPECT_EQ(*Version::Parse("001"), *Version::Parse("1"));
  EXPECT_LT(*Version::Parse("20261122093000"), *Version::Parse("20261122093001"));
  // 20 and 21 digits: past what a 64-bit integer holds.
  EXPECT_LT(*Version::Parse("99999999999999999999"), *Version::Parse("100000000000000000000"));
  EXPECT_EQ(Version::Parse("000")->number(), "0");
  EXPECT_EQ(Version::Parse("007")->text(), "007");
}

TEST(VersionTest, RejectsNonDigits) {
  EXPECT_FALSE(Version::Parse(""));
  EXPECT_FALSE(Version::Parse("1a"));
  EXPECT_FALSE(Version::Parse("-1"));
  EXPECT_FALSE(Version::Parse(" 1"));
}

TEST(VersionTest, DottedVersionsComparePartByPart) {
  // Flyway's versions: 1 < 1.1 < 1.2 < 1.10 < 2.0.3 < 10; 1.0 is 1, 1.01 is 1.1.
  const char* ordered[] = {"0.9", "1", "1.1", "1.2", "1.10", "2", "2.0.3", "2.1", "10"};
  for (size_t i = 0; i + 1 < std::size(ordered); ++i) {
    EXPECT_LT(*Version::Parse(ordered[i]), *Version::Parse(ordered[i + 1])) << ordered[i] << " < " << ordered[i + 1];
    EXPECT_GT(*Version::Parse(ordered[i + 1]), *Version::Parse(ordered[i]));
  }
  EXPECT_EQ(*Version::Parse("1.0"), *Version::Parse("1"));
  EXPECT_EQ(*Version::Parse("1.01"), *Version::Parse("1.1"));
  EXPECT_EQ(Version::Parse("02.0.30.0")->number(), "2.0.30");
  EXPECT_EQ(Version::Parse("1.0")->text(), "1.0");
  // A plain version still compares as one number, however long.
  EXPECT_LT(*Version::Parse("99999999999999999999"), *Version::Parse("100000000000000000000.1"));
  EXPECT_FALSE(Version::Parse("1..2"));
  EXPECT_FALSE(Version::Parse(".1"));
  EXPECT_FALSE(Version::Parse("1."));
  EXPECT_FALSE(Version::Parse("1_2"));
}

}  // namespace
}  // namespace strata
