// KeyRanges (strata/key_ranges.h) for SQL databases: the range walk and the batch's statement are plain
// SQL, the same everywhere; what differs — the catalog query for a primary key, the load readings — each
// SQL driver names in a KeyRangeDialect in its own folder (e.g. drivers/postgres/postgres_dialect.cc).
#pragma once

#include <functional>
#include <string>

#include "strata/driver.h"

namespace strata {

struct KeyRangeDialect {
  // Rows of the table's primary-key columns' names, the table's name bound to its one '?'.
  std::string primary_key_query;
  // Whether that parameter is the table as written ("public.users", resolved by the server) rather
  // than its last part without quotes ("users").
  bool primary_key_takes_written_name = false;
  // One row whose first value is the reading, as an integer; "" where the database has no such reading.
  std::string replication_lag_ms_query;
  std::string threads_running_query;
  size_t threads_running_column = 0;  // the column of that row holding the number
  // KeyRanges::RelaxCommits: makes commits return before the disk where that keeps them atomic, and
  // returns the statement that restores the setting ("" when it changed nothing). Default: none.
  std::function<Result<std::string>(SqlQueries&)> relax_commits;
};

class SqlKeyRanges final : public KeyRanges {
 public:
  SqlKeyRanges(SqlQueries& queries, const KeyRangeDialect& dialect) : queries_(queries), dialect_(dialect) {}

  Result<std::string> PrimaryKey(const std::string& table) override;
  Result<KeySpan> Span(const std::string& table, const std::string& key) override;
  Result<RangeEnd> NextRange(const std::string& table, const std::string& key, const std::string& lower, bool first,
                             const std::string& max, int64_t size) override;
  Status RunRange(const std::string& statement, const std::string& lower, const std::string& upper) override;
  Status RelaxCommits() override;
  Status SyncCommits() override;
  bool Reports(LoadReading reading) const override;
  Result<int64_t> Read(LoadReading reading) override;

 private:
  SqlQueries& queries_;
  const KeyRangeDialect& dialect_;
  std::string restore_commits_;  // what SyncCommits runs; "" when RelaxCommits changed nothing
};

}  // namespace strata
