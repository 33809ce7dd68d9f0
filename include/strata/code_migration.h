// Code migrations: a migration written in C++ instead of a file.
//
// A code migration has a version and a name like a file migration and shares one ordering and one
// history with them. Its `up` and `down` receive a Database: the session of the run, inside the
// migration's transaction where the database has transactional DDL, so the code and its history record
// commit together exactly as a file migration's statements do. Its checksum is computed from
// `code_version`, a string the author bumps when the code changes (the engine cannot hash compiled code).
//
// Thread safety: a Database is the run's single session; use it only from the thread running the step.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "strata/driver.h"
#include "strata/migration.h"
#include "strata/status.h"

namespace strata {

// The session a code migration runs on. Every value travels as a bound parameter, never spliced into
// the SQL text ('?' placeholders on every database).
class Database {
 public:
  explicit Database(Connection& connection) : connection_(connection) {}

  // Runs one statement (one: SQLite ignores anything after the first).
  Status Execute(const std::string& sql, const std::vector<SqlValue>& params = {});
  // Runs one query and returns its rows (every value as text, NULL as an empty optional).
  Result<std::vector<SqlRow>> Query(const std::string& sql, const std::vector<SqlValue>& params = {});
  // Calls `row` for each row of the query; stops at the first error `row` returns.
  Status ForEachRow(const std::string& sql, const std::vector<SqlValue>& params,
                    const std::function<Status(const SqlRow&)>& row);
  // Runs `sql`, whose two '?' take a half-open key range [from, to), over [first, last] in slices of
  // `batch` keys, so a large table is changed a slice at a time. `progress` (optional) hears how many
  // keys are done out of how many. Example:
  //   db.InBatches("UPDATE users SET email = lower(email) WHERE id >= ? AND id < ?", 1, max_id, 10000);
  Status InBatches(const std::string& sql, int64_t first, int64_t last, int64_t batch,
                   const std::function<void(int64_t done, int64_t total)>& progress = {});

  Connection& connection() { return connection_; }

 private:
  Connection& connection_;
};

struct CodeMigration {
  std::string version;       // digits, compared as numbers with the file migrations'
  std::string name;
  std::string description;
  std::string code_version;  // bump it when up/down change: the checksum follows it
  CodeStep up;
  CodeStep down;             // empty: irreversible
  bool transaction = true;   // false to run outside a transaction (the running/repair flow)
};

// A code migration run in committed batches over a key of `spec.table` (docs/batched-migrations.md):
// `up` (and `down`, if any) is called once per key range, each call in its own transaction with the
// checkpoint. `spec.key` empty: the table's single-column primary key.
struct CodeBatches {
  BatchSpec spec;
  CodeBatchStep up;
  CodeBatchStep down;  // empty: irreversible
};

// Adds `migration` to `set` in version order. kInvalidArgument for a bad version or no `up`;
// kInvalidMigration for a version the set already has (naming the file or code migration that has it).
Status AddCodeMigration(MigrationSet& set, CodeMigration migration);

// Adds `migration`, run by `batches` instead of its `up` and `down` (which may be empty). Errors as
// AddCodeMigration's, and kInvalidArgument for no `batches.up`, no table, a size below 1 or a key that is
// not a plain column name.
Status AddBatchedCodeMigration(MigrationSet& set, CodeMigration migration, CodeBatches batches);

}  // namespace strata
