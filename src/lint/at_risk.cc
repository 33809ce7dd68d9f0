// What a backup before a step copies: the tables the risk analysis finds data loss in, or every table
// the step names when its file asks for a backup.
#include <algorithm>
#include <map>
#include <set>

#include "lint/analysis.h"
#include "lint/sql/tokens.h"

namespace strata::lint {

namespace {

// Every table a statement names after FROM, JOIN, INTO, UPDATE, TABLE or TRUNCATE. A word that is not a
// table (EXTRACT(YEAR FROM x)) costs at most a copy: the driver copies only tables that exist.
void NamedTables(const SqlStatement& s, std::set<std::string>& out) {
  for (size_t i = 0; i + 1 < s.tokens.size(); ++i) {
    const Token& t = s.tokens[i];
    if (!(t.Is("FROM") || t.Is("JOIN") || t.Is("INTO") || t.Is("UPDATE") || t.Is("TABLE") || t.Is("TRUNCATE"))) continue;
    size_t at = i + 1;
    if (s.At(at, {"IF", "NOT", "EXISTS"})) at += 3;
    if (s.At(at, {"IF", "EXISTS"})) at += 2;
    if (s.At(at, {"ONLY"}) || s.At(at, {"TABLE"})) ++at;
    std::string name = s.NameAt(at);
    if (!name.empty()) out.insert(name);
  }
}

}  // namespace

std::vector<TableAtRisk> TablesAtRisk(const std::vector<Finding>& findings, const Section& section, Dialect dialect,
                                      bool every_touched) {
  if (dialect == Dialect::kMongodb) return {};
  // table -> dropped columns; an entry with no columns stands for the whole table.
  std::map<std::string, std::set<std::string>> columns;
  std::set<std::string> whole;
  for (const Finding& f : findings) {
    if (f.table.empty()) continue;
    if (f.dropped_column.empty()) {
      whole.insert(f.table);
    } else {
      columns[f.table].insert(f.dropped_column);
    }
  }
  if (every_touched) {
    ForEachStatement(section.text, TokenDialectOf(dialect),
                     [&](const SqlStatement& s, size_t, size_t) { NamedTables(s, whole); });
  }
  std::vector<TableAtRisk> out;
  for (const std::string& table : whole) out.push_back({table, {}});
  for (const auto& [table, dropped] : columns) {
    if (!whole.count(table)) out.push_back({table, std::vector<std::string>(dropped.begin(), dropped.end())});
  }
  return out;
}

}  // namespace strata::lint
