// Another migration tool's history, as `strata import` reads it from the tool's own table.
//
// Each tool keeps a different table: Flyway a row per run (flyway_schema_history), goose a row per
// apply and per revert (goose_db_version), golang-migrate one row with the current version and a dirty
// flag (schema_migrations), dbmate a row per applied version (schema_migrations), sql-migrate a row per
// applied file (gorp_migrations). A ForeignHistoryReader turns its tool's table into one shape: which
// versions (or files) are applied, when, and what in the table alone already forbids an import. One file
// per tool; readers only read, with the SqlQueries role, and never change the table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "strata/driver.h"
#include "strata/status.h"

namespace strata {

enum class ImportTool { kFlyway, kGoose, kGolangMigrate, kDbmate, kSqlMigrate };

// "flyway", "goose", "golang-migrate", "dbmate", "sql-migrate"; and back (nothing for another name).
const char* ImportToolName(ImportTool tool);
std::optional<ImportTool> ParseImportTool(const std::string& name);
// Every tool's name, as a message lists them: "flyway, goose, ...".
std::string ImportToolNames();

// One migration the other tool applied.
struct ForeignApplied {
  std::string version;     // as the tool stores it ("1.1", "20260101000000"); "" when `file` says which
  std::string file;        // sql-migrate: the file name it stores instead of a version
  std::string applied_at;  // ISO 8601 UTC as strata records it; "" when the tool keeps no time
  std::string applied_by;  // who, when the tool keeps it (Flyway's installed_by)
  std::string where;       // the row, for messages: "flyway_schema_history installed_rank 3"
};

struct ForeignHistory {
  std::vector<ForeignApplied> applied;  // in the order the tool applied them
  // Every migration up to this version is applied: golang-migrate's one version, Flyway's baseline.
  std::optional<std::string> applied_through;
  std::string applied_through_at;  // when, if the tool knows
  std::string applied_through_where;
  // What the table alone shows to be unsettled (a dirty version, a failed run): each refuses the import.
  std::vector<std::string> refusals;
  // What a person should know, without refusing (rows that are not migrations, such as Flyway's schema
  // creation).
  std::vector<std::string> notes;
};

class ForeignHistoryReader {
 public:
  virtual ~ForeignHistoryReader() = default;
  // The history in `table` (named so in messages; `quoted` is QuotedTable's form of it, for queries),
  // read with `sql` on a database of `dialect` ("sqlite", "postgres", "mysql"). A missing table or a
  // query the database rejects is kDatabaseError naming the table and the --table option.
  virtual Result<ForeignHistory> Read(SqlQueries& sql, const std::string& dialect, const std::string& table,
                                      const std::string& quoted) const = 0;
};

const ForeignHistoryReader& ReaderFor(ImportTool tool);
// Each tool's reader, in its own file (flyway_history.cc, ...).
const ForeignHistoryReader& FlywayHistoryReader();
const ForeignHistoryReader& GooseHistoryReader();
const ForeignHistoryReader& GolangMigrateHistoryReader();
const ForeignHistoryReader& DbmateHistoryReader();
const ForeignHistoryReader& SqlMigrateHistoryReader();

// `column` as text in a SELECT on `dialect`: CAST(column AS TEXT), MySQL's AS CHAR.
std::string AsText(const std::string& column, const std::string& dialect);
// The table the tool uses unless configured otherwise.
std::string DefaultHistoryTable(ImportTool tool);

// `table` ("name" or "schema.name", letters, digits and '_') quoted for `dialect`; kInvalidArgument for
// any other name, since a table name cannot be a query parameter.
Result<std::string> QuotedTable(const std::string& table, const std::string& dialect);

// `text`, a time as a database returns it ("2026-12-04 21:30:00", "2026-12-04 21:30:00.123456+01",
// "2026-12-04T21:30:00Z", Go's "2026-12-04 21:30:00.123456789+00:00"), as ISO 8601 UTC with
// milliseconds ("2026-12-04T20:30:00.123Z"). A time without a zone is taken as UTC. Nothing when `text`
// is no such time.
std::optional<std::string> NormalizedTime(const std::string& text);

// Runs `query` and wraps a failure in a message that names `table`, the tool, and --table.
Result<std::vector<SqlRow>> QueryHistoryTable(SqlQueries& sql, const std::string& query, const std::string& table,
                                              ImportTool tool);

// A column's text, "" for NULL.
std::string ColumnText(const SqlRow& row, size_t column);

}  // namespace strata
