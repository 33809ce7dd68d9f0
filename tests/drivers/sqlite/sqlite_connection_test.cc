// What only the SQLite driver does: SQLite's own statement splitting, error offsets, busy waiting.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <thread>

#include "strata/driver.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

class SqliteConnectionTest : public ::testing::Test {
 protected:
  std::unique_ptr<Connection> Connect(ConnectOptions options = {}) {
    auto driver = FindDriver(url_);
    EXPECT_TRUE(driver.ok());
    auto c = (*driver)->Connect(url_, options);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(*c) : nullptr;
  }
  TempDir dir_;
  std::string url_ = "sqlite:" + (dir_.path() / "x.db").string();
};

TEST_F(SqliteConnectionTest, SplitsAsSqliteDoes) {
  auto c = Connect();
  Status s = c->Execute({R"(
CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); -- a comment; with a semicolon
/* a block; comment */
INSERT INTO t (v) VALUES ('a;b'), ('it''s; fine');
CREATE TRIGGER t_upper AFTER INSERT ON t BEGIN
  UPDATE t SET v = upper(v) WHERE id = new.id;
  UPDATE t SET v = v || ';' WHERE id = new.id;
END;
INSERT INTO t (v) VALUES ('x');
-- trailing comment without newline)",
                         "f.sql", 1});
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(c->Execute({"SELECT v FROM t WHERE v = 'X;'", "", 1}).ok());
}

TEST_F(SqliteConnectionTest, SyntaxErrorNamesTheLine) {
  auto c = Connect();
  Status s = c->Execute({"CREATE TABLE a (id INTEGER);\n\nCREATE TABLE b (id INTEGER,\n  name TEXT NOT NUL);\n",
                         "db/3_b.sql", 10});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kMigrationFailed);
  EXPECT_EQ(s.location()->file, "db/3_b.sql");
  EXPECT_EQ(s.location()->line, 13);  // the line of the error inside the statement, not its first line
  EXPECT_NE(s.database_message().find("syntax error"), std::string::npos) << s.database_message();
  EXPECT_NE(s.message().find("CREATE TABLE b"), std::string::npos) << s.message();
}

TEST_F(SqliteConnectionTest, BusyDatabaseIsWaitedFor) {
  auto c = Connect();
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() / "x.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE; CREATE TABLE held (id INTEGER);", nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::thread release([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  Status s = c->Begin();  // blocks until the other writer commits, instead of failing with SQLITE_BUSY
  release.join();
  sqlite3_close(other);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(c->Execute({"INSERT INTO held VALUES (1);", "", 1}).ok());
  EXPECT_TRUE(c->Commit().ok());
}

TEST_F(SqliteConnectionTest, BusyTimeoutEndsTheWait) {
  ConnectOptions quick;
  quick.busy_timeout = std::chrono::milliseconds(100);
  auto c = Connect(quick);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() / "x.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Status s = c->Begin();
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("locked"), std::string::npos) << s.message();
}

TEST_F(SqliteConnectionTest, UrlForms) {
  auto driver = FindDriver("sqlite3:x");
  ASSERT_TRUE(driver.ok());
  EXPECT_TRUE((*driver)->Connect("sqlite::memory:", {}).ok());
  EXPECT_TRUE((*driver)->Connect("sqlite://" + (dir_.path() / "y.db").string(), {}).ok());
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "y.db"));
  auto missing_dir = (*driver)->Connect("sqlite:/nonexistent/dir/x.db", {});
  ASSERT_FALSE(missing_dir.ok());
  EXPECT_NE(missing_dir.status().message().find("does not exist"), std::string::npos);
  EXPECT_FALSE((*driver)->Connect("sqlite:", {}).ok());
}

}  // namespace
}  // namespace strata
