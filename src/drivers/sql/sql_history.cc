#include "drivers/sql/sql_history.h"

#include <fmt/format.h>

#include <algorithm>

#include <charconv>

namespace strata {
namespace {

constexpr int kLayout = 1;

constexpr const char* kRecordColumns =
    "version, name, checksum, status, applied_at, applied_by, reverted_at, reverted_by, duration_ms, error, "
    "dirty, apply_order, up_text, down_text, down_transaction, category";
constexpr const char* kRecordColumnsNoTexts =
    "version, name, checksum, status, applied_at, applied_by, reverted_at, reverted_by, duration_ms, error, "
    "dirty, apply_order, '', NULL, down_transaction, category";
constexpr int kRecordColumnCount = 16;
// `at` is quoted where it appears: DuckDB reserves the word.
constexpr const char* kEventColumns = "id, version, name, action, {at}, actor, duration_ms, checksum, error";

SqlValue Text(const std::string& s) { return s; }
SqlValue OrNull(const std::string& s) { return s.empty() ? SqlValue() : SqlValue(s); }
SqlValue Number(int64_t n) { return std::to_string(n); }
std::string Get(const SqlRow& row, size_t i) { return i < row.size() && row[i] ? *row[i] : ""; }
// Moves the value out: the row is not read again.
std::string Take(SqlRow& row, size_t i) { return i < row.size() && row[i] ? std::move(*row[i]) : std::string(); }
int64_t GetNumber(const SqlRow& row, size_t i) {
  std::string s = Get(row, i);
  return s.empty() ? 0 : std::stoll(s);
}

}  // namespace

bool IsPlainIdentifier(const std::string& name) {
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (name.empty() || !letter(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

Status CheckHistoryTableName(const std::string& name) {
  if (IsPlainIdentifier(name)) return Status::Ok();
  return Status(StatusCode::kInvalidArgument,
                fmt::format("history table name '{}' is not a plain identifier (letters, digits, '_')", name));
}

std::string UpsertOnConflict(const std::string& table, const std::string& columns, const std::string& values) {
  // Every column but the key (the first) is overwritten: "name = EXCLUDED.name, ...".
  std::string updates;
  std::string_view rest = std::string_view(columns).substr(columns.find(", ") + 2);
  for (size_t start = 0; start < rest.size();) {
    size_t end = std::min(rest.find(", ", start), rest.size());
    std::string_view column = rest.substr(start, end - start);
    updates += fmt::format("{}{} = EXCLUDED.{}", updates.empty() ? "" : ", ", column, column);
    start = end + 2;
  }
  return fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}", table, columns, values,
                     columns.substr(0, columns.find(',')), updates);
}

SqlHistory::SqlHistory(SqlQueries& runner, const HistoryDialect& dialect, std::string schema, std::string table)
    : runner_(runner), dialect_(dialect), names_(dialect.quote, std::move(schema), std::move(table)) {}

Result<bool> SqlHistory::Exists(const std::string& suffix) {
  auto [sql, params] = dialect_.table_exists(names_, names_.table() + suffix);
  auto rows = runner_.Query(sql, params);
  if (!rows.ok()) return rows.status();
  return !rows->empty();
}

Status SqlHistory::CheckLayout() {
  auto rows = runner_.Query(fmt::format("SELECT meta_value FROM {} WHERE meta_key = 'layout'", Name("_meta")), {});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Ok();
  const std::string value = Get((*rows)[0], 0);
  int layout = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), layout);
  if (error != std::errc() || end != value.data() + value.size() || layout < 1) {
    return Status(StatusCode::kInvalidHistory,
                  fmt::format("the history in {} says its layout is '{}', which no strata writes (this one writes "
                              "{}); nothing was changed. Set meta_value back to '{}' in {} where meta_key = 'layout', "
                              "or restore the history from a backup",
                              Name(), value, kLayout, kLayout, Name("_meta")));
  }
  if (layout > kLayout) {
    return Status(StatusCode::kInvalidHistory,
                  fmt::format("the history in {} has layout {}, written by a newer strata (this one knows up to "
                              "{}); nothing was changed. Upgrade strata",
                              Name(), layout, kLayout));
  }
  return Status::Ok();
}

Status SqlHistory::CheckOwnTable() {
  auto probe = runner_.Query(fmt::format("SELECT {} FROM {} WHERE 1 = 0", kRecordColumns, Name()), {});
  if (probe.ok()) return Status::Ok();
  return Status(StatusCode::kInvalidHistory,
                fmt::format("a table {} exists but strata did not make it (it lacks strata's columns: {}); strata "
                            "leaves it alone and changed nothing. If another tool owns it, give strata a history "
                            "table of its own with --table NAME (or STRATA_TABLE)",
                            Name(), probe.status().database_message().empty() ? probe.status().message()
                                                                               : probe.status().database_message()));
}

Status SqlHistory::Ensure() {
  STRATA_RETURN_IF_ERROR(Create());
  return after_ensure_ ? after_ensure_() : Status::Ok();
}

Status SqlHistory::Create() {
  auto meta = Exists("_meta");
  if (!meta.ok()) return meta.status();
  if (*meta) return CheckLayout();
  auto table = Exists("");
  if (!table.ok()) return table.status();
  if (*table) STRATA_RETURN_IF_ERROR(CheckOwnTable());
  std::vector<std::string> ddl;
  if (dialect_.before_tables) ddl = dialect_.before_tables(names_);
  ddl.push_back(fmt::format(R"(CREATE TABLE IF NOT EXISTS {0} (
  version {1} NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  status VARCHAR(16) NOT NULL CHECK (status IN ('applied', 'failed', 'reverted', 'running')),
  applied_at VARCHAR(32),
  applied_by TEXT,
  reverted_at VARCHAR(32),
  reverted_by TEXT,
  duration_ms BIGINT NOT NULL DEFAULT 0,
  error TEXT,
  dirty INTEGER NOT NULL DEFAULT 0,
  apply_order BIGINT NOT NULL DEFAULT 0,
  up_text {2} NOT NULL,
  down_text {2},
  down_transaction INTEGER NOT NULL DEFAULT 1,
  category TEXT,
  metadata TEXT
))",
                            Name(), dialect_.key_text, dialect_.long_text));
  ddl.push_back(fmt::format(R"(CREATE TABLE IF NOT EXISTS {0} (
  id {1},
  version {2} NOT NULL,
  name TEXT NOT NULL,
  action VARCHAR(16) NOT NULL,
  {3} VARCHAR(32) NOT NULL,
  actor TEXT NOT NULL,
  duration_ms BIGINT NOT NULL DEFAULT 0,
  checksum TEXT,
  error TEXT
))",
                            Name("_events"), dialect_.event_id(names_), dialect_.key_text, names_.Quote("at")));
  if (dialect_.append_only) {
    for (std::string& statement : dialect_.append_only(names_)) ddl.push_back(std::move(statement));
  }
  ddl.push_back(fmt::format("CREATE TABLE IF NOT EXISTS {} (meta_key {} NOT NULL PRIMARY KEY, meta_value TEXT NOT NULL)",
                            Name("_meta"), dialect_.key_text));
  for (const std::string& statement : ddl) {
    auto done = runner_.Query(statement, {});
    if (!done.ok() && statement.rfind("CREATE TRIGGER", 0) == 0 && dialect_.trigger_failure_tolerated &&
        dialect_.trigger_failure_tolerated(done.status())) {
      continue;
    }
    if (!done.ok()) {
      return Status(StatusCode::kDatabaseError,
                    fmt::format("cannot create the history table {}: {}", Name(), done.status().message()));
    }
  }
  auto layout = runner_.Query(fmt::format("INSERT INTO {} (meta_key, meta_value) VALUES ('layout', ?)", Name("_meta")),
                              {Number(kLayout)});
  return layout.status();
}

Result<std::string> SqlHistory::Meta(const std::string& key) {
  auto exists = Exists("_meta");
  if (!exists.ok()) return exists.status();
  if (!*exists) return std::string();
  auto rows = runner_.Query(fmt::format("SELECT meta_value FROM {} WHERE meta_key = ?", Name("_meta")), {key});
  if (!rows.ok()) return rows.status();
  return rows->empty() ? std::string() : Get((*rows)[0], 0);
}

Status SqlHistory::SetMeta(const std::string& key, const std::string& value) {
  auto exists = Exists("_meta");
  if (!exists.ok()) return exists.status();
  if (!*exists) return Status::Ok();
  STRATA_RETURN_IF_ERROR(runner_.Query(fmt::format("DELETE FROM {} WHERE meta_key = ?", Name("_meta")), {key}).status());
  return runner_
      .Query(fmt::format("INSERT INTO {} (meta_key, meta_value) VALUES (?, ?)", Name("_meta")), {key, value})
      .status();
}

Result<std::vector<HistoryRecord>> SqlHistory::Read(bool with_texts) {
  auto exists = Exists("");
  if (!exists.ok()) return exists.status();
  std::vector<HistoryRecord> records;
  if (!*exists) return records;
  auto meta = Exists("_meta");
  if (!meta.ok()) return meta.status();
  STRATA_RETURN_IF_ERROR(*meta ? CheckLayout() : CheckOwnTable());
  // Counted first, then read row by row into records reserved for them: 10,000 rows are never held twice.
  auto count = runner_.Query(fmt::format("SELECT count(*) FROM {}", Name()), {});
  if (!count.ok()) return count.status();
  records.reserve(static_cast<size_t>(std::max<int64_t>(0, count->empty() ? 0 : GetNumber((*count)[0], 0))));
  STRATA_RETURN_IF_ERROR(runner_.QueryEach(
      fmt::format("SELECT {} FROM {}", with_texts ? kRecordColumns : kRecordColumnsNoTexts, Name()), {},
      [&](SqlRow& row) -> Status {
        HistoryRecord r;
        r.version = Take(row, 0);
        r.name = Take(row, 1);
        r.checksum = Take(row, 2);
        auto status = ParseMigrationStatus(Get(row, 3));
        if (!status) {
          return Status(StatusCode::kInvalidHistory,
                        fmt::format("the history row for {} in {} has the status '{}', which strata never writes; "
                                    "nothing was changed. Set it to applied, failed, reverted or running by hand",
                                    r.version, Name(), Get(row, 3)));
        }
        r.status = *status;
        r.applied_at = Take(row, 4);
        r.applied_by = Take(row, 5);
        r.reverted_at = Take(row, 6);
        r.reverted_by = Take(row, 7);
        r.duration_ms = GetNumber(row, 8);
        r.error = Take(row, 9);
        r.dirty = GetNumber(row, 10) != 0;
        r.apply_order = GetNumber(row, 11);
        r.up_text = Take(row, 12);
        if (row.size() > 13 && row[13]) r.down_text = std::move(*row[13]);
        r.down_transaction = GetNumber(row, 14) != 0;
        r.category = Take(row, 15);
        records.push_back(std::move(r));
        return Status::Ok();
      }));
  return records;
}

Status SqlHistory::Save(HistoryRecord r) {
  std::string placeholders = "?";
  for (int i = 1; i < kRecordColumnCount; ++i) placeholders += ", ?";
  const std::string sql = dialect_.upsert(Name(), kRecordColumns, placeholders);
  // Built element by element: a braced list would copy the texts, which may be as large as the file.
  std::vector<SqlValue> params;
  params.reserve(kRecordColumnCount);
  for (SqlValue value : {Text(r.version), Text(r.name), Text(r.checksum), Text(MigrationStatusName(r.status)),
                         OrNull(r.applied_at), OrNull(r.applied_by), OrNull(r.reverted_at), OrNull(r.reverted_by),
                         Number(r.duration_ms), OrNull(r.error), Number(r.dirty), Number(r.apply_order)}) {
    params.push_back(std::move(value));
  }
  params.push_back(std::move(r.up_text));
  params.push_back(std::move(r.down_text));
  params.push_back(Number(r.down_transaction));
  params.push_back(OrNull(r.category));
  auto done = runner_.Query(sql, params);
  return done.status();
}

Status SqlHistory::Delete(const std::string& version) {
  return runner_.Query(fmt::format("DELETE FROM {} WHERE version = ?", Name()), {version}).status();
}

Status SqlHistory::Append(const HistoryEvent& e) {
  return runner_
      .Query(fmt::format("INSERT INTO {} (version, name, action, {}, actor, duration_ms, checksum, error) VALUES (?, ?, "
                         "?, ?, ?, ?, ?, ?)",
                         Name("_events"), names_.Quote("at")),
             {Text(e.version), Text(e.name), Text(EventActionName(e.action)), Text(e.at), Text(e.by),
              Number(e.duration_ms), OrNull(e.checksum), OrNull(e.error)})
      .status();
}

Result<std::vector<HistoryEvent>> SqlHistory::Events(int limit) {
  std::vector<HistoryEvent> events;
  auto exists = Exists("_events");
  if (!exists.ok()) return exists.status();
  if (!*exists) return events;
  // The limit is an integer, not user text: it is formatted in, as MySQL takes no text for LIMIT.
  auto rows = runner_.Query(fmt::format("SELECT {0} FROM (SELECT {0} FROM {1} ORDER BY id DESC LIMIT {2}) AS latest "
                                        "ORDER BY id",
                                        fmt::format(kEventColumns, fmt::arg("at", names_.Quote("at"))), Name("_events"),
                                        limit > 0 ? int64_t{limit} : int64_t{9223372036854775807}),
                            {});
  if (!rows.ok()) return rows.status();
  for (const SqlRow& row : *rows) {
    HistoryEvent e;
    e.id = GetNumber(row, 0);
    e.version = Get(row, 1);
    e.name = Get(row, 2);
    e.action = ParseEventAction(Get(row, 3)).value_or(EventAction::kApply);
    e.at = Get(row, 4);
    e.by = Get(row, 5);
    e.duration_ms = GetNumber(row, 6);
    e.checksum = Get(row, 7);
    e.error = Get(row, 8);
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace strata
