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

}  // namespace
}  // namespace strata
