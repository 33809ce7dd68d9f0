#include "drivers/mysql/mysql_schema_text.h"

#include <cctype>

namespace strata {
namespace {

bool MysqlIsQuote(char c) { return c == '\'' || c == '"' || c == '`'; }

// Just past the quoted run that opens at s[i] ('...', "..." or `...`): a doubled quote stays inside, and
// so does a backslash-escaped character of a string.
size_t MysqlQuotedEnd(std::string_view s, size_t i) {
  const char quote = s[i];
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\' && quote != '`') {
      ++i;
    } else if (s[i] == quote) {
      if (i + 1 < s.size() && s[i + 1] == quote) {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return s.size();
}

// The identifier in the backquotes that open at s[i], undoubled.
std::string MysqlIdentifierAt(std::string_view s, size_t i) {
  std::string out;
  const size_t end = MysqlQuotedEnd(s, i);
  for (size_t k = i + 1; k + 1 < end; ++k) {
    out += s[k];
    if (s[k] == '`') ++k;
  }
  return out;
}

// Where `text` first occurs outside quotes, from `from` on; npos if nowhere.
size_t MysqlFindOutsideQuotes(std::string_view s, std::string_view text, size_t from = 0) {
  for (size_t i = from; i < s.size();) {
    if (s.compare(i, text.size(), text) == 0) return i;
    i = MysqlIsQuote(s[i]) ? MysqlQuotedEnd(s, i) : i + 1;
  }
  return std::string_view::npos;
}

std::string_view MysqlTrimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The first column of a key's column list "(`a`,`b`(10))", or "" when it starts with an expression.
std::string MysqlFirstKeyColumn(std::string_view clause) {
  size_t open = MysqlFindOutsideQuotes(clause, "(");
  if (open == std::string_view::npos || open + 1 >= clause.size() || clause[open + 1] != '`') return "";
  return MysqlIdentifierAt(clause, open + 1);
}

// The name of a secondary index clause ("UNIQUE KEY `u` (...)"), or "" if `item` is none.
std::string MysqlIndexName(std::string_view item) {
  for (std::string_view prefix : {"KEY ", "UNIQUE KEY ", "FULLTEXT KEY ", "SPATIAL KEY ", "VECTOR KEY "}) {
    if (item.substr(0, prefix.size()) == prefix && item.size() > prefix.size() && item[prefix.size()] == '`') {
      return MysqlIdentifierAt(item, prefix.size());
    }
  }
  return "";
}

// The name of a "CONSTRAINT `f` FOREIGN KEY ..." clause, or "" if `item` is none.
std::string MysqlForeignKeyName(std::string_view item) {
  constexpr std::string_view kPrefix = "CONSTRAINT ";
  if (item.substr(0, kPrefix.size()) != kPrefix || item.size() <= kPrefix.size() || item[kPrefix.size()] != '`')
    return "";
  const size_t end = MysqlQuotedEnd(item, kPrefix.size());
  if (item.substr(end, 13) != " FOREIGN KEY ") return "";
  return MysqlIdentifierAt(item, kPrefix.size());
}

}  // namespace

Result<MysqlTableParts> MysqlSplitTable(std::string_view text) {
  const size_t open = MysqlFindOutsideQuotes(text, "(");
  if (open == std::string_view::npos) {
    return Status(StatusCode::kDatabaseError,
                  "SHOW CREATE TABLE printed no column list: " + std::string(text.substr(0, 120)));
  }
  // The column list's items: split at its top-level commas.
  std::vector<std::string_view> items;
  size_t close = std::string_view::npos;
  size_t start = open + 1;
  int depth = 0;
  for (size_t i = open; i < text.size() && close == std::string_view::npos;) {
    const char c = text[i];
    if (MysqlIsQuote(c)) {
      i = MysqlQuotedEnd(text, i);
      continue;
    }
    if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      items.push_back(MysqlTrimmed(text.substr(start, i - start)));
      close = i;
    } else if (c == ',' && depth == 1) {
      items.push_back(MysqlTrimmed(text.substr(start, i - start)));
      start = i + 1;
    }
    ++i;
  }
  if (close == std::string_view::npos) {
    return Status(StatusCode::kDatabaseError,
                  "SHOW CREATE TABLE's column list does not close: " + std::string(text.substr(0, 120)));
  }

  // An AUTO_INCREMENT column must lead some index when the table is created: the primary key, or else
  // the first index it leads stays in CREATE TABLE.
  std::string auto_column, primary_first;
  for (std::string_view item : items) {
    if (!item.empty() && item[0] == '`' && MysqlFindOutsideQuotes(item, " AUTO_INCREMENT") != std::string_view::npos) {
      auto_column = MysqlIdentifierAt(item, 0);
    }
    if (item.substr(0, 12) == "PRIMARY KEY ") primary_first = MysqlFirstKeyColumn(item);
  }
  bool auto_key_kept = auto_column.empty() || auto_column == primary_first;

  MysqlTableParts parts;
  std::vector<std::string_view> kept;
  for (std::string_view item : items) {
    if (std::string name = MysqlIndexName(item); !name.empty()) {
      if (!auto_key_kept && MysqlFirstKeyColumn(item) == auto_column) {
        auto_key_kept = true;
        kept.push_back(item);
      } else {
        parts.indexes.push_back({name, std::string(item)});
      }
    } else if (std::string fk = MysqlForeignKeyName(item); !fk.empty()) {
      parts.foreign_keys.push_back({fk, std::string(item)});
    } else {
      kept.push_back(item);
    }
  }

  parts.create = std::string(text.substr(0, open + 1));
  for (size_t k = 0; k < kept.size(); ++k) {
    parts.create += k == 0 ? "\n  " : ",\n  ";
    parts.create += kept[k];
  }
  parts.create += "\n";
  std::string tail(text.substr(close));
  if (size_t counter = MysqlFindOutsideQuotes(tail, " AUTO_INCREMENT="); counter != std::string::npos) {
    size_t end = counter + 16;
    while (end < tail.size() && std::isdigit(static_cast<unsigned char>(tail[end]))) ++end;
    tail.erase(counter, end - counter);
  }
  parts.create += tail;
  return parts;
}

std::string MysqlWithoutDefiner(std::string_view create) {
  std::string out(create);
  const size_t at = MysqlFindOutsideQuotes(out, " DEFINER=");
  if (at == std::string::npos) return out;
  // `user`@`host`, a role's `name`, or CURRENT_USER.
  auto part_end = [&](size_t i) {
    if (i < out.size() && MysqlIsQuote(out[i])) return MysqlQuotedEnd(out, i);
    while (i < out.size() && !std::isspace(static_cast<unsigned char>(out[i])) && out[i] != '@') ++i;
    return i;
  };
  size_t end = part_end(at + 9);
  if (end < out.size() && out[end] == '@') end = part_end(end + 1);
  out.erase(at, end - at);
  return out;
}

std::string MysqlUnqualified(std::string_view sql, std::string_view database) {
  std::string out;
  out.reserve(sql.size());
  for (size_t i = 0; i < sql.size();) {
    if (!MysqlIsQuote(sql[i])) {
      out += sql[i++];
      continue;
    }
    const size_t end = MysqlQuotedEnd(sql, i);
    const bool qualifier = sql[i] == '`' && end + 1 < sql.size() && sql[end] == '.' && sql[end + 1] == '`' &&
                           MysqlIdentifierAt(sql, i) == database;
    if (!qualifier) out.append(sql.substr(i, end - i));
    i = qualifier ? end + 1 : end;
  }
  return out;
}

std::string MysqlWithoutStarts(std::string_view create_event) {
  std::string out(create_event);
  const size_t at = MysqlFindOutsideQuotes(out, " STARTS '");
  if (at != std::string::npos) out.erase(at, MysqlQuotedEnd(out, at + 8) - at);
  return out;
}

std::vector<std::string> MysqlNamesRead(std::string_view view) {
  std::vector<std::string> names;
  for (size_t i = 0; i < view.size();) {
    if (!MysqlIsQuote(view[i])) {
      ++i;
      continue;
    }
    const size_t end = MysqlQuotedEnd(view, i);
    if (view[i] == '`') {
      size_t before = i;
      while (before > 0 && std::isspace(static_cast<unsigned char>(view[before - 1]))) --before;
      const bool qualified = before > 0 && view[before - 1] == '.';
      const bool alias = before >= 2 && std::toupper(static_cast<unsigned char>(view[before - 2])) == 'A' &&
                         std::toupper(static_cast<unsigned char>(view[before - 1])) == 'S' &&
                         (before == 2 || std::isspace(static_cast<unsigned char>(view[before - 3])));
      if (!qualified && !alias) names.push_back(MysqlIdentifierAt(view, i));
    }
    i = end;
  }
  return names;
}

}  // namespace strata
