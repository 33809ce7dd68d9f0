// The statements of an SQL script as tokens, for the risk rules of the databases read without a parser
// of their own (MySQL/MariaDB, SQLite, DuckDB) and for the rules on literals of every SQL database.
//
// Statements come from strata's splitter (so DELIMITER, routine and trigger bodies are one statement, as
// the database's client has them); inside one, comments are dropped and strings, quoted names and dollar
// quotes are single tokens, so no rule is fooled by a keyword inside them. Pure.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace strata::lint {

enum class TokenDialect { kPostgres, kMysql, kSqlite, kDuckdb };

struct Token {
  enum class Kind { kWord, kQuotedName, kString, kNumber, kSymbol };
  Kind kind = Kind::kSymbol;
  std::string_view text;  // as written, quotes included
  size_t offset = 0;      // in the script

  // A word equal to `word` (upper case) whatever its case.
  bool Is(std::string_view word) const;
  std::string Upper() const;
  bool IsSymbol(char c) const { return kind == Kind::kSymbol && text.size() == 1 && text[0] == c; }
  bool IsName() const { return kind == Kind::kWord || kind == Kind::kQuotedName; }
  // A name without its quotes, in lower case when it was not quoted (as the database folds it).
  std::string Name() const;
  // A string literal's value, quotes removed and doubled quotes undone.
  std::string StringValue() const;
};

struct SqlStatement {
  size_t region_begin = 0;  // end of the previous statement: comments before this one belong to it
  size_t offset = 0;        // first byte of the statement
  size_t end = 0;           // one past its last byte
  std::vector<Token> tokens;

  // True when tokens from `i` are the words `words`, in order.
  bool At(size_t i, std::initializer_list<std::string_view> words) const;
  // Index of the first token from `from` that is the word `word`, or npos.
  size_t Find(std::string_view word, size_t from = 0) const;
  // Index of the token after the parenthesis that the one at `open` opens; npos when unbalanced.
  size_t SkipParens(size_t open) const;
  // The qualified name starting at `i` (a, a.b, "a"."b"), with the index after it; "" when none.
  std::string NameAt(size_t i, size_t* after = nullptr) const;
  const Token* at(size_t i) const { return i < tokens.size() ? &tokens[i] : nullptr; }
};

// Each statement of `script` in turn, tokenized one at a time (a large script is never held as tokens);
// without `tokenize`, only the statements' places.
void ForEachStatement(std::string_view script, TokenDialect dialect,
                      const std::function<void(const SqlStatement&, size_t index, size_t count)>& visit,
                      bool tokenize = true);

}  // namespace strata::lint
