// The KeyRanges role of the SQL drivers (drivers/sql/sql_key_ranges.h), on every SQL backend: the primary
// key, the span, the range walk (a full range, the short last one, an empty table), a part run over one
// range with its bounds bound, and which load readings each database reports.
#include <gtest/gtest.h>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Backend;
using testing::TempDir;

class SqlKeyRangesTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam().required_but_missing) GTEST_FAIL() << GetParam().name << " is required but not configured";
    url_ = testing::FreshUrl(GetParam(), dir_);
    auto c = (*FindDriver(url_))->Connect(url_, {});
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    connection_ = std::move(*c);
    for (const char* sql : {"CREATE TABLE kr (id integer PRIMARY KEY, v integer NOT NULL DEFAULT 0)",
                            "INSERT INTO kr (id) VALUES (10), (20), (30), (40), (50), (60), (70), (80), (90), (100)",
                            "CREATE TABLE pairs (a integer NOT NULL, b integer NOT NULL, PRIMARY KEY (a, b))",
                            "CREATE TABLE nothing_yet (id integer PRIMARY KEY)"}) {
      ASSERT_TRUE(connection_->sql()->Query(sql, {}).ok()) << sql;
    }
  }
  int64_t Count(const std::string& where) {
    auto rows = connection_->sql()->Query("SELECT count(*) FROM kr WHERE " + where, {});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? std::stoll(*(*rows)[0][0]) : -1;
  }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<Connection> connection_;
};

TEST_P(SqlKeyRangesTest, WalksTheKeyAndRunsAPartOverOneRange) {
  KeyRanges* ranges = connection_->key_ranges();
  ASSERT_NE(ranges, nullptr);
  EXPECT_EQ(*ranges->PrimaryKey("kr"), "id");
  EXPECT_EQ(*ranges->PrimaryKey("pairs"), "") << "two columns: no key to batch by";

  auto span = ranges->Span("kr", "id");
  ASSERT_TRUE(span.ok()) << span.status().ToString();
  EXPECT_EQ(span->min, "10");
  EXPECT_EQ(span->max, "100");
  EXPECT_EQ(span->rows, 10);
  auto empty = ranges->Span("nothing_yet", "id");
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty->min, "");
  EXPECT_EQ(empty->rows, 0);

  auto first = ranges->NextRange("kr", "id", "10", /*first=*/true, "100", 3);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->upper, "30") << "10, 20, 30: the lower bound counts in the first range";
  EXPECT_EQ(first->rows, 3);
  auto second = ranges->NextRange("kr", "id", "30", false, "100", 3);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->upper, "60");
  auto last = ranges->NextRange("kr", "id", "90", false, "100", 3);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->upper, "100") << "fewer rows than a batch are left: the range ends at max";
  EXPECT_EQ(last->rows, 1);

  ASSERT_TRUE(ranges->RunRange("UPDATE kr SET v = v + 1 WHERE id > ? AND id <= ?", "30", "60").ok());
  EXPECT_EQ(Count("v = 1"), 3);
  EXPECT_EQ(Count("v = 1 AND id > 30 AND id <= 60"), 3);
  Status bad = ranges->RunRange("UPDATE kr SET no_such_column = 1 WHERE id > ? AND id <= ?", "30", "60");
  EXPECT_FALSE(bad.ok());
}

TEST_P(SqlKeyRangesTest, ReportsTheLoadReadingsItsDatabaseHas) {
  KeyRanges* ranges = connection_->key_ranges();
  ASSERT_NE(ranges, nullptr);
  const std::string& name = GetParam().name;
  const bool lag = name == "postgres";
  const bool threads = name == "mariadb" || name == "mysql";
  EXPECT_EQ(ranges->Reports(LoadReading::kReplicationLagMs), lag);
  EXPECT_EQ(ranges->Reports(LoadReading::kThreadsRunning), threads);
  if (lag) {
    auto ms = ranges->Read(LoadReading::kReplicationLagMs);
    ASSERT_TRUE(ms.ok()) << ms.status().ToString();
    EXPECT_EQ(*ms, 0) << "the test server has no replica";
  }
  if (threads) {
    auto n = ranges->Read(LoadReading::kThreadsRunning);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    EXPECT_GE(*n, 1) << "this session's own query runs";
  }
  if (!lag) {
    EXPECT_EQ(ranges->Read(LoadReading::kReplicationLagMs).status().code(), StatusCode::kUnsupported);
  }
}

// SQLite in WAL mode: the batches' commits skip the fsync (synchronous=NORMAL) and the user's setting
// comes back; in another journal mode nothing changes (NORMAL is not crash-safe there). Elsewhere the
// pair is a no-op that succeeds.
TEST_P(SqlKeyRangesTest, RelaxesCommitsOnlyWhereEachStaysAtomicAndRestoresThem) {
  KeyRanges* ranges = connection_->key_ranges();
  ASSERT_NE(ranges, nullptr);
  if (GetParam().name != "sqlite") {
    EXPECT_TRUE(ranges->RelaxCommits().ok());
    EXPECT_TRUE(ranges->SyncCommits().ok());
    return;
  }
  auto synchronous = [&] { return *(*connection_->sql()->Query("PRAGMA synchronous", {}))[0][0]; };
  ASSERT_TRUE(connection_->sql()->Query("PRAGMA journal_mode = DELETE", {}).ok());
  ASSERT_TRUE(connection_->sql()->Query("PRAGMA synchronous = FULL", {}).ok());
  ASSERT_TRUE(ranges->RelaxCommits().ok());
  EXPECT_EQ(synchronous(), "2") << "a rollback journal: left as it is";
  ASSERT_TRUE(ranges->SyncCommits().ok());

  ASSERT_TRUE(connection_->sql()->Query("PRAGMA journal_mode = WAL", {}).ok());
  ASSERT_TRUE(connection_->sql()->Query("PRAGMA synchronous = EXTRA", {}).ok());
  ASSERT_TRUE(ranges->RelaxCommits().ok());
  EXPECT_EQ(synchronous(), "1") << "WAL: NORMAL while the batches commit";
  ASSERT_TRUE(ranges->RunRange("UPDATE kr SET v = v + 1 WHERE id > ? AND id <= ?", "10", "100").ok());
  ASSERT_TRUE(ranges->SyncCommits().ok());
  EXPECT_EQ(synchronous(), "3") << "the user's setting is back";
  EXPECT_EQ(Count("v = 1"), 9);
  ASSERT_TRUE(ranges->SyncCommits().ok()) << "a second restore does nothing";
  EXPECT_EQ(synchronous(), "3");
}

INSTANTIATE_TEST_SUITE_P(Backends, SqlKeyRangesTest, ::testing::ValuesIn(testing::Backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace strata
