// The statements of a migration's script as an SQL driver runs them: split in its dialect, each with
// its line in the file, resumed at Script::first_statement, and, inside strata's transaction, with
// transaction control handled (sql/transaction_control.h). Shared by the drivers that split scripts
// themselves (PostgreSQL, MySQL, DuckDB); SQLite's own parser splits for it.
#pragma once

#include <string_view>
#include <vector>

#include "sql/splitter.h"
#include "strata/driver.h"

namespace strata {

struct ScriptStatement {
  size_t offset = 0;  // in Script::text
  size_t length = 0;
  int line = 0;   // in the file
  int index = 0;  // among the script's statements, skipped ones included (what resuming counts)
};

// Linear in the script's size. Fails (kMigrationFailed at the statement's file and line) before any
// statement runs when `in_transaction` and the script would end or nest strata's transaction.
Result<std::vector<ScriptStatement>> StatementsOf(const Script& script, sql::Dialect dialect, bool in_transaction);

}  // namespace strata
