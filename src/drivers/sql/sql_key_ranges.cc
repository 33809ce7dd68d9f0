#include "drivers/sql/sql_key_ranges.h"

#include <fmt/format.h>

namespace strata {
namespace {

// The last part of a table name as written, without its quotes: what catalogs are asked about.
std::string UnquotedLastPart(const std::string& table) {
  const size_t dot = table.rfind('.');
  std::string last = table.substr(dot == std::string::npos ? 0 : dot + 1);
  if (last.size() >= 2 && (last[0] == '"' || last[0] == '`' || last[0] == '[')) last = last.substr(1, last.size() - 2);
  return last;
}

SqlValue FirstValueOf(const std::vector<SqlRow>& rows, size_t column = 0) {
  if (rows.empty() || rows[0].size() <= column) return std::nullopt;
  return rows[0][column];
}

Result<int64_t> IntegerOf(const SqlValue& value, const std::string& what) {
  try {
    return value ? static_cast<int64_t>(std::stoll(*value)) : 0;
  } catch (const std::exception&) {
    return Status(StatusCode::kDatabaseError, fmt::format("{} is not a number: '{}'", what, *value));
  }
}

}  // namespace

Result<std::string> SqlKeyRanges::PrimaryKey(const std::string& table) {
  const std::string name = dialect_.primary_key_takes_written_name ? table : UnquotedLastPart(table);
  auto rows = queries_.Query(dialect_.primary_key_query, {name});
  if (!rows.ok()) return rows.status();
  if (rows->size() != 1 || !(*rows)[0][0]) return std::string();
  return *(*rows)[0][0];
}

Result<KeySpan> SqlKeyRanges::Span(const std::string& table, const std::string& key) {
  auto rows = queries_.Query(fmt::format("SELECT min({0}), max({0}), count(*) FROM {1}", key, table), {});
  if (!rows.ok()) return rows.status();
  KeySpan span;
  span.min = FirstValueOf(*rows, 0).value_or("");
  span.max = FirstValueOf(*rows, 1).value_or("");
  auto count = IntegerOf(FirstValueOf(*rows, 2), "count(*)");
  if (!count.ok()) return count.status();
  span.rows = *count;
  return span;
}

Result<RangeEnd> SqlKeyRanges::NextRange(const std::string& table, const std::string& key, const std::string& lower,
                                         bool first, const std::string& max, int64_t size) {
  // The key `size` rows on: an index walk of at most `size` entries.
  const char* op = first ? ">=" : ">";
  auto next = queries_.Query(fmt::format("SELECT {0} FROM {1} WHERE {0} {2} ? AND {0} <= ? ORDER BY {0} LIMIT 1 "
                                         "OFFSET {3}",
                                         key, table, op, size - 1),
                             {lower, max});
  if (!next.ok()) return next.status();
  if (SqlValue found = FirstValueOf(*next)) return RangeEnd{*found, size};
  // Fewer rows than a batch are left: the last range ends at max.
  auto counted = queries_.Query(fmt::format("SELECT count(*) FROM {1} WHERE {0} {2} ? AND {0} <= ?", key, table, op),
                                {lower, max});
  if (!counted.ok()) return counted.status();
  auto rows = IntegerOf(FirstValueOf(*counted), "count(*)");
  if (!rows.ok()) return rows.status();
  return RangeEnd{max, *rows};
}

Status SqlKeyRanges::RunRange(const std::string& statement, const std::string& lower, const std::string& upper) {
  return queries_.Query(statement, {lower, upper}).status();
}

Status SqlKeyRanges::RelaxCommits() {
  if (!dialect_.relax_commits || !restore_commits_.empty()) return Status::Ok();
  auto restore = dialect_.relax_commits(queries_);
  if (!restore.ok()) return restore.status();
  restore_commits_ = std::move(*restore);
  return Status::Ok();
}

Status SqlKeyRanges::SyncCommits() {
  if (restore_commits_.empty()) return Status::Ok();
  Status restored = queries_.Query(restore_commits_, {}).status();
  if (restored.ok()) restore_commits_.clear();
  return restored;
}

bool SqlKeyRanges::Reports(LoadReading reading) const {
  switch (reading) {
    case LoadReading::kReplicationLagMs:
      return !dialect_.replication_lag_ms_query.empty();
    case LoadReading::kThreadsRunning:
      return !dialect_.threads_running_query.empty();
  }
  return false;
}

Result<int64_t> SqlKeyRanges::Read(LoadReading reading) {
  const bool lag = reading == LoadReading::kReplicationLagMs;
  const std::string& query = lag ? dialect_.replication_lag_ms_query : dialect_.threads_running_query;
  if (query.empty()) return Status(StatusCode::kUnsupported, "this database does not report that reading");
  auto rows = queries_.Query(query, {});
  if (!rows.ok()) return rows.status();
  return IntegerOf(FirstValueOf(*rows, lag ? 0 : dialect_.threads_running_column), lag ? "replication lag" : "Threads_running");
}

}  // namespace strata
