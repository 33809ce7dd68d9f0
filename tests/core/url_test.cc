#include <gtest/gtest.h>

#include "strata/driver.h"

namespace strata {
namespace {

TEST(RedactUrlTest, HidesPasswords) {
  EXPECT_EQ(RedactUrl("postgres://alice:s3cret@db:5432/app"), "postgres://alice:***@db:5432/app");
  EXPECT_EQ(RedactUrl("mysql://root:p%40ss@127.0.0.1/app?x=1"), "mysql://root:***@127.0.0.1/app?x=1");
  EXPECT_EQ(RedactUrl("postgres://db/app?user=a&password=s3cret&sslmode=off"),
            "postgres://db/app?user=a&password=***&sslmode=off");
  EXPECT_EQ(RedactUrl("postgres://alice@db/app"), "postgres://alice@db/app");
  EXPECT_EQ(RedactUrl("sqlite:db/app.db"), "sqlite:db/app.db");
}

TEST(FindDriverTest, ChoosesByScheme) {
  auto sqlite = FindDriver("sqlite:app.db");
  ASSERT_TRUE(sqlite.ok());
  EXPECT_EQ((*sqlite)->name(), "sqlite");
  auto unknown = FindDriver("oracle://scott:tiger@db/x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("sqlite:"), std::string::npos);
  EXPECT_EQ(unknown.status().message().find("tiger"), std::string::npos) << "password printed";
}

}  // namespace
}  // namespace strata
