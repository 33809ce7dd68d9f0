#include "engine/batch_range.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "source/file_text.h"

namespace strata {
namespace {

using lint::SqlStatement;
using lint::Token;

constexpr std::string_view kAccepted =
    "a batched part is one UPDATE, DELETE or INSERT ... SELECT, which strata runs over ranges of the key "
    "(docs/batched-migrations.md)";

bool IsAnyOf(const Token& t, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return t.Is(w); });
}

// The first token at parenthesis depth 0 in [from, tokens) that `stop` accepts, or tokens.size().
template <typename Stop>
size_t FindTopLevel(const SqlStatement& s, size_t from, Stop stop) {
  int depth = 0;
  for (size_t i = from; i < s.tokens.size(); ++i) {
    const Token& t = s.tokens[i];
    if (t.IsSymbol('(')) ++depth;
    if (t.IsSymbol(')')) --depth;
    if (depth == 0 && stop(i)) return i;
  }
  return s.tokens.size();
}

// Words after a table that are not its alias.
bool EndsTableName(const Token& t) {
  return !t.IsName() || IsAnyOf(t, {"SET", "WHERE", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS",
                                    "NATURAL", "STRAIGHT_JOIN", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "ON",
                                    "RETURNING", "UNION", "INTERSECT", "EXCEPT", "FROM", "INDEXED", "NOT", "USE",
                                    "FORCE", "IGNORE", "PARTITION"});
}

}  // namespace

bool IsPlainName(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<KeyRange> KeyRange::Read(const Section& section, lint::TokenDialect dialect) {
  const std::string& script = section.text;
  std::vector<SqlStatement> statements;
  lint::ForEachStatement(script, dialect, [&](const SqlStatement& s, size_t, size_t) {
    if (!s.tokens.empty()) statements.push_back(s);
  });
  auto line_of = [&](size_t offset) {
    return section.first_line + static_cast<int>(std::count(script.begin(), script.begin() + offset, '\n'));
  };
  if (statements.size() != 1) {
    return InvalidMigration(section.path, statements.size() > 1 ? line_of(statements[1].offset) : section.first_line,
                            fmt::format("{} statements; {}. Move the others to a migration of their own",
                                        statements.size(), kAccepted));
  }
  SqlStatement s = std::move(statements[0]);
  while (!s.tokens.empty() && s.tokens.back().IsSymbol(';')) s.tokens.pop_back();
  const int line = line_of(s.offset);
  auto refuse = [&](const std::string& why) { return InvalidMigration(section.path, line, fmt::format("{}; {}", why, kAccepted)); };

  KeyRange range;
  const Token& last = s.tokens.back();
  range.text_ = script.substr(s.offset, last.offset + last.text.size() - s.offset);
  auto at = [&](size_t i) { return i < s.tokens.size() ? s.tokens[i].offset - s.offset : range.text_.size(); };
  // The table at token `i` (and its alias): sets table_ and column_; returns the index after them.
  auto read_table = [&](size_t i) -> Result<size_t> {
    while (i < s.tokens.size() && IsAnyOf(s.tokens[i], {"ONLY", "LOW_PRIORITY", "IGNORE", "QUICK"})) ++i;
    size_t after = i;
    if (s.NameAt(i, &after).empty()) return refuse("no table name where one was expected");
    range.table_ = range.text_.substr(at(i), at(after - 1) + s.tokens[after - 1].text.size() - at(i));
    range.qualifier_ = range.table_;
    if (after < s.tokens.size() && s.tokens[after].Is("AS")) ++after;
    if (after < s.tokens.size() && !EndsTableName(s.tokens[after])) {
      range.qualifier_ = std::string(s.tokens[after].text);
      ++after;
    }
    return after;
  };

  const Token& verb = s.tokens[0];
  size_t body = 0;  // where the WHERE clause is looked for
  std::vector<std::string_view> ends;  // words that end the WHERE clause
  bool insert = false;
  if (verb.Is("UPDATE")) {
    size_t i = 1;
    if (s.At(1, {"OR"})) i = 3;  // SQLite's UPDATE OR IGNORE
    auto after = read_table(i);
    if (!after.ok()) return after.status();
    body = *after;
    ends = {"RETURNING", "ORDER", "LIMIT"};
  } else if (verb.Is("DELETE")) {
    size_t i = 1;
    while (i < s.tokens.size() && IsAnyOf(s.tokens[i], {"LOW_PRIORITY", "QUICK", "IGNORE"})) ++i;
    if (!s.At(i, {"FROM"})) return refuse("a DELETE naming tables before FROM (MySQL's multi-table form)");
    auto after = read_table(i + 1);
    if (!after.ok()) return after.status();
    body = *after;
    ends = {"RETURNING", "ORDER", "LIMIT"};
  } else if (verb.Is("INSERT") || verb.Is("REPLACE")) {
    insert = true;
    size_t select = FindTopLevel(s, 1, [&](size_t i) { return s.tokens[i].Is("SELECT") || s.tokens[i].Is("VALUES"); });
    if (select == s.tokens.size() || !s.tokens[select].Is("SELECT")) {
      return refuse("an INSERT without SELECT (its rows are written in it: there is nothing to batch)");
    }
    size_t from = FindTopLevel(s, select + 1, [&](size_t i) { return s.tokens[i].Is("FROM"); });
    if (from == s.tokens.size()) return refuse("an INSERT ... SELECT without FROM (there is no table to batch)");
    if (s.at(from + 1) && s.tokens[from + 1].IsSymbol('(')) {
      return refuse("an INSERT ... SELECT FROM a subquery (the key's table must be named)");
    }
    auto after = read_table(from + 1);
    if (!after.ok()) return after.status();
    body = *after;
    ends = {"GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "RETURNING"};
  } else {
    return refuse(fmt::format("a statement that starts with {}", verb.Upper()));
  }
  auto ends_clause = [&](size_t i) {
    const Token& t = s.tokens[i];
    if (insert && t.Is("ON") && s.at(i + 1) && IsAnyOf(s.tokens[i + 1], {"CONFLICT", "DUPLICATE"})) return true;
    return std::any_of(ends.begin(), ends.end(), [&](std::string_view w) { return t.Is(w); });
  };
  size_t set_ops = FindTopLevel(s, body, [&](size_t i) { return IsAnyOf(s.tokens[i], {"UNION", "INTERSECT", "EXCEPT"}); });
  if (set_ops != s.tokens.size()) return refuse(fmt::format("a SELECT with {}", s.tokens[set_ops].Upper()));
  size_t where = FindTopLevel(s, body, [&](size_t i) { return s.tokens[i].Is("WHERE") || ends_clause(i); });
  if (where < s.tokens.size() && s.tokens[where].Is("WHERE")) {
    range.where_ = at(where) + s.tokens[where].text.size();
    range.clause_end_ = at(FindTopLevel(s, where + 1, ends_clause));
  } else {
    range.clause_end_ = at(where);
  }
  return range;
}

std::string KeyRange::Statement(bool first, const std::string& key) const {
  const std::string bounds = fmt::format("{0}.{1} {2} ? AND {0}.{1} <= ?", qualifier_, key, first ? ">=" : ">");
  if (where_ == std::string::npos) {
    std::string before = text_.substr(0, clause_end_);
    while (!before.empty() && (before.back() == ' ' || before.back() == '\n' || before.back() == '\t')) before.pop_back();
    std::string after = text_.substr(clause_end_);
    return fmt::format("{} WHERE {}{}{}", before, bounds, after.empty() ? "" : " ", after);
  }
  std::string condition = text_.substr(where_, clause_end_ - where_);
  while (!condition.empty() && (condition.back() == ' ' || condition.back() == '\t')) condition.pop_back();
  std::string after = text_.substr(clause_end_);
  return fmt::format("{} ({}\n) AND {}{}{}", text_.substr(0, where_), condition, bounds, after.empty() ? "" : " ",
                     after);
}

}  // namespace strata
