// Risk analysis: what each migration will do to the database when it runs, found before it runs.
//
// Every statement is read as its database reads it (PostgreSQL's own parser for PostgreSQL; a token
// reader on top of strata's splitters for MySQL/MariaDB, SQLite and DuckDB; the commands of a MongoDB
// JSON migration) and checked against the rules of the catalog (`Rules()`). A finding names its rule,
// its severity, where it is (file:line:column), what happens at run time, and the safer way.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/migration.h"

namespace strata::lint {

enum class Severity { kInfo, kWarning, kError };
const char* SeverityName(Severity severity);  // "info", "warning", "error"
std::optional<Severity> ParseSeverity(std::string_view name);

enum class Dialect { kPostgres, kMysql, kSqlite, kDuckdb, kMongodb };
const char* DialectName(Dialect dialect);  // "postgres", "mysql", ...
std::optional<Dialect> ParseDialect(std::string_view name);
// The dialect of a database URL's scheme ("postgres://..." -> kPostgres); nothing for an unknown one.
std::optional<Dialect> DialectOfUrl(std::string_view url);

// What a rule guards against; the kind decides which facts can lower its severity.
enum class Hazard {
  kDataLoss,     // rows, columns or objects are destroyed
  kLock,         // a lock or a rewrite that blocks other sessions for as long as the table is big
  kLockTimeout,  // a lock is waited for without bound
  kBreaking,     // the running application's queries stop working
  kTransaction,  // the statement fails, or does the wrong thing, in (or outside) a transaction
  kContent,      // secrets or personal data in the migration's text
  kReversibility,
  kStyle,  // choices that hurt later (int keys that overflow, timestamps without a zone)
};
const char* HazardName(Hazard hazard);

struct RuleExample {
  Dialect dialect;
  const char* bad;   // a migration's up part that the rule flags
  const char* good;  // the safer way, which it does not flag
};

struct RuleInfo {
  const char* id;  // stable: named in `-- strata:allow`, strata.toml and SARIF
  Hazard hazard;
  Severity severity;  // before configuration and what the database knows
  const char* summary;
  const char* at_run_time;  // what happens when it runs
  const char* safer;        // the safer way
  std::vector<RuleExample> examples;  // one per dialect the rule applies to

  bool AppliesTo(Dialect dialect) const;
};

// Every rule, in a stable order.
const std::vector<RuleInfo>& Rules();
const RuleInfo* FindRule(std::string_view id);

struct Finding {
  std::string rule;
  Severity severity = Severity::kWarning;
  std::string version;  // the migration's
  std::string path;
  int line = 0;
  int column = 0;
  bool down = false;  // in the down part
  std::string message;      // what this statement does
  std::string at_run_time;  // from the rule, with what the database knows
  std::string safer;
  std::string allowed;  // the reason of a `-- strata:allow RULE reason` that accepts it; "" when not
  // Data loss: the table it destroys rows or values in ("" when none is named), and for a dropped
  // column, the column. What a backup before the step copies.
  std::string table;
  std::string dropped_column;
};

struct RuleSetting {
  bool enabled = true;
  std::optional<Severity> severity;  // re-graded
};

struct LintOptions {
  Dialect dialect = Dialect::kSqlite;
  std::map<std::string, RuleSetting> rules;  // by rule id (strata.toml [lint.rules])
  // strata's own per-statement lock timeout (EngineOptions::ddl_lock_timeout); 0 when turned off.
  int64_t ddl_lock_timeout_ms = 5000;
  // The server's version as a number (PostgreSQL 150004, MySQL 80034); 0 when unknown (offline).
  int server_version = 0;
  // Rows per table ("schema.table" or "table", lower case) when connected; absent when offline, and then
  // every table is assumed large.
  std::optional<std::map<std::string, int64_t>> table_rows;
  // A table with fewer rows is locked too briefly to matter.
  int64_t small_table_rows = 10000;
};

// Findings of one migration (both parts, and whether the down part undoes the up part), in file order,
// suppressed ones included (with `allowed`).
std::vector<Finding> LintMigration(const Migration& migration, const LintOptions& options);
// Findings of one part as it will run (`section` may be a down part stored in the history).
std::vector<Finding> LintPart(const Migration& migration, const Section& section, bool down, const LintOptions& options);

// A table a part may destroy data in: what the backup before the part copies.
struct TableAtRisk {
  std::string table;  // as the migration names it ("schema.table" or "table")
  // Only these columns lose their values (DROP COLUMN): they are kept with the table's key. Empty: the
  // whole table is at risk.
  std::vector<std::string> columns;
};
// The tables of a part's data-loss findings (`findings`: LintPart's for `section`, accepted ones too:
// accepting a risk does not make a copy useless), and with `every_touched` (the file asks for a backup)
// every table the part names. SQL only: MongoDB's collections are read by its driver.
std::vector<TableAtRisk> TablesAtRisk(const std::vector<Finding>& findings, const Section& section, Dialect dialect,
                                      bool every_touched);

// Error-level findings not accepted by `strata:allow`: what needs a person's confirmation in production.
std::vector<Finding> NeedingConfirmation(const std::vector<Finding>& findings);
// "path:line:column: severity rule: message", one line.
std::string FindingLine(const Finding& finding);

// The highest severity among findings not allowed; nothing when there are none.
std::optional<Severity> HighestRisk(const std::vector<Finding>& findings, bool include_down = true);

}  // namespace strata::lint
