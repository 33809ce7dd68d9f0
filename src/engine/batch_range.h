// Key ranges in a batched migration's statement: where strata adds `key > ? AND key <= ?` so that the
// statement, written for the whole table, touches one batch of it. Pure: text in, text out.
//
// Accepted (one statement per part, comments and a final ';' aside):
//   UPDATE t [AS a] SET ... [FROM ...] [WHERE c] [RETURNING | ORDER BY | LIMIT ...]   ranges t
//   DELETE FROM t [AS a] [USING ...] [WHERE c] [RETURNING | ORDER BY | LIMIT ...]     ranges t
//   INSERT INTO x [(cols)] SELECT ... FROM s [AS a] ... [WHERE c] [GROUP BY ...]       ranges s (the
//     SELECT's first FROM table), before GROUP BY, HAVING, WINDOW, ORDER BY, LIMIT, ON CONFLICT,
//     ON DUPLICATE KEY UPDATE, RETURNING
// The range is added at the statement's top level: `WHERE c` becomes `WHERE (c) AND a.key > ? AND
// a.key <= ?` (the parentheses keep an OR in c inside), and a statement without WHERE gets one. The key
// is qualified with the alias, or the table as written, so a join cannot make it ambiguous.
// Refused, with the line: several statements, another kind of statement, WITH, INSERT ... VALUES, a
// SELECT with UNION/INTERSECT/EXCEPT, MySQL's multi-table DELETE.
#pragma once

#include <cstddef>
#include <string>

#include "lint/sql/tokens.h"
#include "strata/migration.h"
#include "strata/status.h"

namespace strata {

class KeyRange {
 public:
  // Reads `section`'s one statement. kInvalidMigration with its file and line when it is not one of
  // the accepted shapes.
  static Result<KeyRange> Read(const Section& section, lint::TokenDialect dialect);

  // The table the key ranges over, as written ("public.users").
  const std::string& table() const { return table_; }
  // The statement over one range: `first` bounds the key below with >= (the first batch), otherwise >.
  // Its two '?' parameters are the lower and upper bound (inclusive). REQUIRES: IsPlainName(key).
  std::string Statement(bool first, const std::string& key) const;

 private:
  std::string text_;       // the statement, without its ';'
  std::string table_;
  std::string qualifier_;  // the alias, or the table as written
  size_t where_ = std::string::npos;  // just after WHERE; npos when the statement has none
  size_t clause_end_ = 0;             // where the WHERE clause ends (or where one is added)
};

// Whether `name` is a column name that may be written unquoted: letters, digits and '_', not first a digit.
bool IsPlainName(const std::string& name);

}  // namespace strata
