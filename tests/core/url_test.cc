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
  // Found by fuzzing (fuzz/url_fuzzer.cc): redaction must split a URL as the parser does, whatever the
  // scheme, an '@' in the password, or a key=value connection string.
  EXPECT_EQ(RedactUrl("post*res://app:s3c8et@db.internal/app"), "post*res://app:***@db.internal/app");
  EXPECT_EQ(RedactUrl("postgres://app:p@ss@db/app"), "postgres://app:***@db/app");
  EXPECT_EQ(RedactUrl("host=db password=s3cret user=app"), "host=db password=*** user=app");
  // Any case, the short keys, ';' and tab separators, a value ended by '#'; a key that only ends in
  // "password" is another key.
  EXPECT_EQ(RedactUrl("Server=db;PWD=s3cret;Database=app"), "Server=db;PWD=***;Database=app");
  EXPECT_EQ(RedactUrl("mysql://db/app?Pass=s3cret#frag"), "mysql://db/app?Pass=***#frag");
  EXPECT_EQ(RedactUrl("password=s3cret\tuser=app"), "password=***\tuser=app");
  EXPECT_EQ(RedactUrl("postgres://db/app?oldpassword=kept"), "postgres://db/app?oldpassword=kept");
  // A "pass=" inside the authority keeps the '?' that ends it (fuzzing again): masked up to it, the query's
  // '@' became the authority's and the masked text its password.
  EXPECT_EQ(RedactUrl("postgres://u:s3cret@h\npass=zz?q=1&k=@x:leak"), "postgres://u:***@h\npass=***?q=1&k=@x:leak");
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

#include "core/url.h"

namespace strata {
namespace {

TEST(ParseUrlTest, TakesAUrlApart) {
  auto u = ParseUrl("mysql://app%40x:p%2Fss@db.example:3307/shop%20db?ssl-mode=REQUIRED&connect_timeout=5");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->scheme, "mysql");
  EXPECT_EQ(u->user, "app@x");
  EXPECT_EQ(u->password, std::optional<std::string>("p/ss"));
  EXPECT_EQ(u->host, "db.example");
  EXPECT_EQ(u->port, std::optional<int>(3307));
  EXPECT_EQ(u->path, "shop db");
  EXPECT_EQ(u->Param("connect_timeout"), std::optional<std::string>("5"));
  EXPECT_FALSE(u->Param("nope"));
  auto minimal = ParseUrl("postgres://localhost");
  ASSERT_TRUE(minimal.ok());
  EXPECT_EQ(minimal->host, "localhost");
  EXPECT_FALSE(minimal->port);
  EXPECT_FALSE(minimal->password);
}

TEST(ParseUrlTest, RejectsBadUrlsWithoutPrintingThePassword) {
  auto bad = ParseUrl("mysql://u:secret@host:port/db");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().find("secret"), std::string::npos);
  EXPECT_FALSE(ParseUrl("not a url").ok());
  EXPECT_FALSE(ParseUrl("mysql://u:%zz@h/db").ok());
  // A scheme is a name: text with "?password=" before "://" is no URL (it misled redaction once).
  auto odd = ParseUrl("x?password=a://u:pw12@h/db?q=n://u:pw12@h");
  ASSERT_FALSE(odd.ok());
  EXPECT_NE(odd.status().message().find("scheme"), std::string::npos) << odd.status().ToString();
  EXPECT_EQ(odd.status().message().find("pw12@"), std::string::npos) << odd.status().ToString();
  EXPECT_TRUE(ParseUrl("mongodb+srv://u:p@cluster/db").ok());
}

TEST(RemoveQueryParamsTest, KeepsTheRest) {
  EXPECT_EQ(RemoveQueryParams("postgres://h/db?schema=app&sslmode=disable", {"schema", "search_path"}),
            "postgres://h/db?sslmode=disable");
  EXPECT_EQ(RemoveQueryParams("postgres://h/db?schema=app", {"schema"}), "postgres://h/db");
  EXPECT_EQ(RemoveQueryParams("postgres://h/db", {"schema"}), "postgres://h/db");
}

}  // namespace
}  // namespace strata
