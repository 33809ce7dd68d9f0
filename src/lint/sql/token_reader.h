// The rules every token-read SQL dialect shares (DROP, DELETE/UPDATE without WHERE, TRUNCATE, renames,
// transaction control, what a part creates), with hooks for what each dialect does differently.
#pragma once

#include <set>
#include <string>

#include "lint/analysis.h"
#include "lint/sql/tokens.h"

namespace strata::lint {

class TokenReader : public StatementReader {
 public:
  TokenReader(PartFindings& findings, TokenDialect dialect);

  void Statement(const SqlStatement& s, size_t index, size_t count) override;

 protected:
  // One clause of ALTER TABLE `table` (tokens [begin, end) of `s`, split at top-level commas).
  virtual void AlterClause(const std::string& table, const SqlStatement& s, size_t begin, size_t end) = 0;
  // A statement the shared rules do not handle alone (also called after some they do).
  virtual void OtherStatement(const SqlStatement& /*s*/) {}
  // Every statement, before the shared rules read it.
  virtual void Before(const SqlStatement& /*s*/) {}
  // A statement that locks an existing table.
  virtual void Locking(const std::string& /*table*/, const SqlStatement& /*s*/) {}

  // Shared clause rules: ADD [COLUMN] (NOT NULL without default), RENAME [COLUMN] / RENAME TO.
  // Returns true when the clause was one of them.
  bool CommonAlterClause(const std::string& table, const SqlStatement& s, size_t begin, size_t end);

  bool Existing(const std::string& table) const { return !findings_.IsNew(PartFindings::Object::kTable, table); }
  // DROP COLUMN of a column this migration did not add.
  void DropColumn(const std::string& table, const std::string& column, size_t at);
  // The index of `word` at parenthesis depth 0 in [from, end), or npos.
  static size_t FindTop(const SqlStatement& s, std::string_view word, size_t from = 0, size_t end = std::string::npos);
  // The table name after `i`, skipping IF [NOT] EXISTS; "" when none.
  static std::string TableAt(const SqlStatement& s, size_t i, size_t* after = nullptr);

  PartFindings& findings_;
  const PartScan& scan_;
  std::string_view text_;
  TokenDialect dialect_;
  std::set<std::string> copied_from_;  // sources of INSERT ... SELECT in this part

 private:
  void Drop(const SqlStatement& s);
  void DeleteOrUpdate(const SqlStatement& s, size_t start);
  // Where the statement proper begins: after a WITH clause's common table expressions.
  static size_t Main(const SqlStatement& s);
  void AlterTable(const SqlStatement& s);
};

}  // namespace strata::lint
