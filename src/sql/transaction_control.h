// Statements that begin or end a transaction: inside a migration that strata runs in a transaction
// they would commit part of it behind strata's back (COMMIT), undo strata's own history writes
// (ROLLBACK), or fail in confusing ways (BEGIN). Drivers refuse them there, before running them.
//
// Pure: a statement's text in, the words that make it transaction control out.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace strata::sql {

// "COMMIT", "ROLLBACK", "BEGIN", "START TRANSACTION", "END", "ABORT", "COMMIT PREPARED",
// "PREPARE TRANSACTION", ... when `statement` (leading blanks and comments allowed) is one; nothing for
// anything else, including `ROLLBACK TO SAVEPOINT`, `BEGIN ATOMIC` bodies and MariaDB's
// `BEGIN NOT ATOMIC` blocks.
std::optional<std::string> TransactionControl(std::string_view statement);

enum class InTransaction { kRun, kSkip, kRefuse };

// What a driver does with `statement`, the `index`-th of `count`, in a section strata runs in a
// transaction. A leading BEGIN / START TRANSACTION and a closing COMMIT / END only say what strata does
// anyway (golang-migrate files often carry them): skipped. Any other transaction control is refused,
// with `*keyword` set to it.
InTransaction ClassifyInTransaction(std::string_view statement, size_t index, size_t count, std::string* keyword);

// True when `statement` (leading blanks and comments allowed) only reads or changes rows: INSERT,
// UPDATE, DELETE, REPLACE, SELECT, or WITH before one of them. MySQL never commits implicitly for one.
// Anything else may (DDL, GRANT, LOCK TABLES, SET autocommit, a CALL whose body does): false.
bool ChangesRowsOnly(std::string_view statement);

// Appended to a database's refusal of a statement that cannot run in a transaction (VACUUM, CREATE
// INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE on old PostgreSQL): the way out.
std::string OutsideTransactionHint();

// The message every driver gives when it refuses one (what, and that `transaction:false` is the way).
std::string TransactionControlRefusal(const std::string& keyword);

}  // namespace strata::sql
