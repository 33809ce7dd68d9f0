#include "lint/sql/token_reader.h"

#include <fmt/format.h>

#include "sql/transaction_control.h"

namespace strata::lint {

TokenReader::TokenReader(PartFindings& findings, TokenDialect dialect)
    : findings_(findings), scan_(findings.scan()), text_(scan_.section.text), dialect_(dialect) {}

size_t TokenReader::FindTop(const SqlStatement& s, std::string_view word, size_t from, size_t end) {
  int depth = 0;
  for (size_t i = from; i < s.tokens.size() && i < end; ++i) {
    if (s.tokens[i].IsSymbol('(')) ++depth;
    if (s.tokens[i].IsSymbol(')')) --depth;
    if (depth == 0 && s.tokens[i].Is(word)) return i;
  }
  return std::string::npos;
}

std::string TokenReader::TableAt(const SqlStatement& s, size_t i, size_t* after) {
  if (s.At(i, {"IF", "NOT", "EXISTS"})) i += 3;
  if (s.At(i, {"IF", "EXISTS"})) i += 2;
  return s.NameAt(i, after);
}

void TokenReader::Statement(const SqlStatement& s, size_t index, size_t count) {
  if (s.tokens.empty()) return;
  Before(s);
  size_t start = Main(s);
  const Token& first = s.tokens[start];
  std::string keyword;
  std::string_view statement_text = text_.substr(s.offset, s.end - s.offset);
  if (scan_.section.transaction &&
      sql::ClassifyInTransaction(statement_text, index, count, &keyword) == sql::InTransaction::kRefuse) {
    findings_.Add("transaction-control", s.offset, fmt::format("{} inside a migration strata runs in a transaction", keyword));
    return;
  }
  if (first.Is("CREATE")) {
    size_t i = 1;
    while (i < s.tokens.size() && (s.tokens[i].Is("TEMP") || s.tokens[i].Is("TEMPORARY") || s.tokens[i].Is("OR") ||
                                   s.tokens[i].Is("REPLACE") || s.tokens[i].Is("UNIQUE") || s.tokens[i].Is("FULLTEXT") ||
                                   s.tokens[i].Is("SPATIAL"))) {
      ++i;
    }
    if (s.At(i, {"TABLE"})) findings_.Created(PartFindings::Object::kTable, TableAt(s, i + 1));
    if (s.At(i, {"INDEX"})) findings_.Created(PartFindings::Object::kIndex, TableAt(s, i + 1));
    OtherStatement(s);
  } else if (first.Is("DROP")) {
    Drop(s);
  } else if (first.Is("DELETE") || first.Is("UPDATE")) {
    DeleteOrUpdate(s, start);
  } else if (first.Is("INSERT") || first.Is("REPLACE")) {
    for (size_t from = FindTop(s, "FROM"); from != std::string::npos; from = FindTop(s, "FROM", from + 1)) {
      copied_from_.insert(s.NameAt(from + 1));
    }
    OtherStatement(s);
  } else if (first.Is("TRUNCATE")) {
    size_t i = s.At(1, {"TABLE"}) ? 2 : 1;
    std::string table = s.NameAt(i);
    if (!table.empty() && Existing(table)) {
      findings_.Add("truncate", s.offset, fmt::format("TRUNCATE {}", table), table);
      Locking(table, s);
    }
  } else if (s.At(0, {"ALTER", "TABLE"}) || s.At(0, {"ALTER", "ONLINE", "TABLE"}) || s.At(0, {"ALTER", "IGNORE", "TABLE"})) {
    AlterTable(s);
  } else {
    OtherStatement(s);
  }
}

void TokenReader::Drop(const SqlStatement& s) {
  size_t i = 1;
  bool temporary = s.At(i, {"TEMPORARY"});
  if (temporary) ++i;
  if (s.At(i, {"TABLE"}) && !temporary) {
    size_t after = i + 1;
    std::string table = TableAt(s, i + 1, &after);
    while (!table.empty()) {
      if (Existing(table)) {
        if (dialect_ == TokenDialect::kSqlite && copied_from_.count(table)) {
          findings_.Add("table-rebuild", s.offset, fmt::format("{} is copied to a new table and dropped", table), table);
        } else {
          findings_.Add("drop-table", s.offset, fmt::format("DROP TABLE {}", table), table);
        }
        Locking(table, s);
      }
      if (after >= s.tokens.size() || !s.tokens[after].IsSymbol(',')) break;
      table = s.NameAt(after + 1, &after);
    }
  } else if (s.At(i, {"SCHEMA"}) || s.At(i, {"DATABASE"})) {
    std::string name = TableAt(s, i + 1);
    bool database = dialect_ == TokenDialect::kMysql || s.At(i, {"DATABASE"});
    findings_.Add(database ? "drop-database" : "drop-schema", s.offset,
                  fmt::format("DROP {} {}", database ? "DATABASE" : "SCHEMA", name));
  } else if (s.At(i, {"INDEX"})) {
    std::string index = TableAt(s, i + 1);
    if (!findings_.IsNew(PartFindings::Object::kIndex, index)) findings_.Add("drop-index", s.offset, fmt::format("DROP INDEX {}", index));
  } else {
    OtherStatement(s);
  }
}

size_t TokenReader::Main(const SqlStatement& s) {
  if (!s.tokens[0].Is("WITH")) return 0;
  // WITH [RECURSIVE] name [(columns)] AS [NOT] [MATERIALIZED] (...) [, ...] then the statement itself.
  for (size_t i = 1; i < s.tokens.size(); ++i) {
    if (s.tokens[i].IsSymbol('(')) {
      size_t after = s.SkipParens(i);
      if (after == std::string::npos) return 0;
      i = after - 1;
      continue;
    }
    if (s.tokens[i].Is("DELETE") || s.tokens[i].Is("UPDATE") || s.tokens[i].Is("INSERT") || s.tokens[i].Is("SELECT")) return i;
  }
  return 0;
}

void TokenReader::DeleteOrUpdate(const SqlStatement& s, size_t start) {
  bool del = s.tokens[start].Is("DELETE");
  size_t i = start + 1;
  while (i < s.tokens.size() && (s.tokens[i].Is("LOW_PRIORITY") || s.tokens[i].Is("QUICK") || s.tokens[i].Is("IGNORE") ||
                                 s.tokens[i].Is("OR") || s.tokens[i].Is("ROLLBACK") || s.tokens[i].Is("ABORT") ||
                                 s.tokens[i].Is("FAIL") || s.tokens[i].Is("REPLACE"))) {
    ++i;
  }
  if (del && s.At(i, {"FROM"})) ++i;
  std::string table = s.NameAt(i);
  if (table.empty() || !Existing(table)) return;
  if (FindTop(s, "WHERE", i) == std::string::npos && FindTop(s, "LIMIT", i) == std::string::npos) {
    findings_.Add(del ? "delete-without-where" : "update-without-where", s.offset,
                  fmt::format("{} {} without WHERE: every row", del ? "DELETE FROM" : "UPDATE", table), table);
  }
  OtherStatement(s);
}

void TokenReader::AlterTable(const SqlStatement& s) {
  size_t i = s.Find("TABLE") + 1;
  size_t after = i;
  std::string table = TableAt(s, i, &after);
  if (table.empty() || !Existing(table)) return;
  Locking(table, s);
  size_t begin = after;
  int depth = 0;
  for (size_t j = after; j <= s.tokens.size(); ++j) {
    if (j < s.tokens.size()) {
      if (s.tokens[j].IsSymbol('(')) ++depth;
      if (s.tokens[j].IsSymbol(')')) --depth;
      if (!(depth == 0 && s.tokens[j].IsSymbol(','))) continue;
    }
    if (j > begin) AlterClause(table, s, begin, j);
    begin = j + 1;
  }
  OtherStatement(s);
}

void TokenReader::DropColumn(const std::string& table, const std::string& column, size_t at) {
  if (findings_.IsNew(PartFindings::Object::kColumn, table + "." + column)) return;
  findings_.Add("drop-column", at, fmt::format("ALTER TABLE {} DROP COLUMN {}", table, column), table, column);
}

bool TokenReader::CommonAlterClause(const std::string& table, const SqlStatement& s, size_t begin, size_t end) {
  if (s.At(begin, {"RENAME", "COLUMN"}) || (s.At(begin, {"RENAME"}) && begin + 2 < end && s.tokens[begin + 2].Is("TO") &&
                                            !s.At(begin + 1, {"TO"}) && !s.At(begin + 1, {"INDEX"}) && !s.At(begin + 1, {"KEY"}))) {
    size_t name_at = s.At(begin, {"RENAME", "COLUMN"}) ? begin + 2 : begin + 1;
    size_t to = s.Find("TO", name_at);
    findings_.Add("rename-column", s.tokens[begin].offset,
                  fmt::format("{}.{} is renamed to {}", table, s.NameAt(name_at), to < end ? s.NameAt(to + 1) : "?"));
    return true;
  }
  if (s.At(begin, {"RENAME"}) && !s.At(begin + 1, {"INDEX"}) && !s.At(begin + 1, {"KEY"})) {
    size_t name_at = begin + 1;
    if (s.At(name_at, {"TO"}) || s.At(name_at, {"AS"})) ++name_at;
    findings_.Add("rename-table", s.tokens[begin].offset, fmt::format("{} is renamed to {}", table, s.NameAt(name_at)));
    return true;
  }
  if (s.At(begin, {"ADD"}) && !s.At(begin + 1, {"INDEX"}) && !s.At(begin + 1, {"KEY"}) && !s.At(begin + 1, {"UNIQUE"}) &&
      !s.At(begin + 1, {"PRIMARY"}) && !s.At(begin + 1, {"CONSTRAINT"}) && !s.At(begin + 1, {"FOREIGN"}) &&
      !s.At(begin + 1, {"FULLTEXT"}) && !s.At(begin + 1, {"SPATIAL"}) && !s.At(begin + 1, {"CHECK"}) &&
      !s.At(begin + 1, {"PARTITION"})) {
    size_t name_at = s.At(begin + 1, {"COLUMN"}) ? begin + 2 : begin + 1;
    if (s.At(name_at, {"IF", "NOT", "EXISTS"})) name_at += 3;
    bool not_null = false, has_default = false, generated = false;
    for (size_t j = name_at; j < end; ++j) {
      not_null = not_null || s.At(j, {"NOT", "NULL"}) || s.At(j, {"PRIMARY", "KEY"});
      has_default = has_default || s.tokens[j].Is("DEFAULT") || s.tokens[j].Is("AUTO_INCREMENT");
      generated = generated || s.tokens[j].Is("AS") || s.tokens[j].Is("GENERATED");
    }
    findings_.Created(PartFindings::Object::kColumn, table + "." + s.NameAt(name_at));
    if (not_null && !has_default && !generated) {
      findings_.Add("add-not-null-without-default", s.tokens[begin].offset,
                    fmt::format("ALTER TABLE {} ADD COLUMN {} NOT NULL without a default", table, s.NameAt(name_at)));
    }
    return false;  // the dialect may have more to say about an added column
  }
  return false;
}

}  // namespace strata::lint
