// DuckDB's schema from its catalog functions: what each kind reads and how it is ordered is in
// duckdb_schema.h.
#include "drivers/duckdb/duckdb_schema.h"
#include "drivers/strata_tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>

namespace strata {
namespace {

std::string DuckdbText(const SqlValue& v) { return v.value_or(""); }

std::string DuckdbLower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// A string constant: 'it''s'.
std::string DuckdbLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += c;
  }
  return out + "'";
}

// "COMMENT ON <what> <name> IS '...';\n", or nothing without a comment.
std::string DuckdbComment(const char* what, const std::string& quoted_name, const SqlValue& comment) {
  if (!comment) return "";
  return fmt::format("COMMENT ON {} {} IS {};\n", what, quoted_name, DuckdbLiteral(*comment));
}

// A word of a statement, for finding the names it refers to: an identifier (lower case: DuckDB's names
// are case-insensitive, quoted or not) or one character of punctuation. Strings and comments are skipped.
struct DuckdbToken {
  std::string text;
  bool identifier = false;
};

std::vector<DuckdbToken> DuckdbTokens(const std::string& sql) {
  std::vector<DuckdbToken> tokens;
  auto word_char = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; };
  size_t i = 0;
  while (i < sql.size()) {
    const unsigned char c = sql[i];
    if (std::isspace(c)) {
      ++i;
    } else if (c == '\'' || c == '"') {
      std::string text;
      for (++i; i < sql.size(); ++i) {
        if (sql[i] == static_cast<char>(c)) {
          if (i + 1 < sql.size() && sql[i + 1] == static_cast<char>(c)) {
            text += sql[++i];
            continue;
          }
          break;
        }
        text += sql[i];
      }
      ++i;
      if (c == '"')
        tokens.push_back({DuckdbLower(text), true});
      else
        tokens.push_back({"'", false});
    } else if (sql.compare(i, 2, "--") == 0) {
      i = sql.find('\n', i);
      if (i == std::string::npos) i = sql.size();
    } else if (sql.compare(i, 2, "/*") == 0) {
      i = sql.find("*/", i + 2);
      i = i == std::string::npos ? sql.size() : i + 2;
    } else if (std::isdigit(c)) {
      while (i < sql.size() && (word_char(sql[i]) || sql[i] == '.')) ++i;
      tokens.push_back({"0", false});
    } else if (word_char(c)) {
      size_t start = i;
      while (i < sql.size() && word_char(sql[i])) ++i;
      tokens.push_back({DuckdbLower(sql.substr(start, i - start)), true});
    } else {
      tokens.push_back({std::string(1, static_cast<char>(c)), false});
      ++i;
    }
  }
  return tokens;
}

// A macro, table or view, which DuckDB binds when it is created: what it names must exist by then.
struct DuckdbBound {
  SchemaObject object;
  std::string schema;
  std::string bare;  // its name in lower case, as references are matched
  std::string sql;   // where its references are read from
  int rank = 0;      // macros, then tables, then views, when nothing else decides
};

bool DuckdbIsMacro(const DuckdbBound& b) { return b.object.kind == "macro" || b.object.kind == "table macro"; }

// The objects `b` may refer to, by index into `all` (`by_name`: their indexes by lower-case name). A name followed by
// "(" is a call (a macro), any other name a table or view; a table's only references to tables are its foreign keys
// (DEFAULT and CHECK take no subqueries), so a column named like a table is no reference. A name after "." counts only
// when the word before it is a schema: otherwise it is a column of some table or alias.
std::set<size_t> DuckdbReferences(const DuckdbBound& b, const std::vector<DuckdbBound>& all,
                                  const std::multimap<std::string, size_t>& by_name,
                                  const std::set<std::string>& schemas) {
  const std::vector<DuckdbToken> tokens = DuckdbTokens(b.sql);
  std::set<size_t> out;
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (!tokens[t].identifier) continue;
    if (t >= 2 && tokens[t - 1].text == "." && !schemas.count(tokens[t - 2].text)) continue;
    const bool call = t + 1 < tokens.size() && tokens[t + 1].text == "(";
    const bool after_references = t >= 1 && tokens[t - 1].text == "references";
    const bool after_qualified_references = t >= 3 && tokens[t - 1].text == "." && tokens[t - 3].text == "references";
    auto [first, last] = by_name.equal_range(tokens[t].text);
    for (auto it = first; it != last; ++it) {
      const DuckdbBound& target = all[it->second];
      if (&target == &b) continue;
      bool refers = false;
      if (DuckdbIsMacro(target)) {
        refers = call;
      } else if (b.object.kind == "table") {
        refers = target.object.kind == "table" && (after_references || after_qualified_references);
      } else {
        refers = true;
      }
      if (refers) out.insert(it->second);
    }
  }
  return out;
}

// `all` in an order that creates each after what it refers to; ties by rank, schema and name. A cycle
// (only a false reference could close one) is broken at its first object in that tie order.
std::vector<SchemaObject> DuckdbDependencyOrder(const std::vector<DuckdbBound>& all,
                                                const std::set<std::string>& schemas) {
  std::multimap<std::string, size_t> by_name;
  for (size_t i = 0; i < all.size(); ++i) by_name.emplace(all[i].bare, i);
  std::vector<std::set<size_t>> needs(all.size());
  for (size_t i = 0; i < all.size(); ++i) needs[i] = DuckdbReferences(all[i], all, by_name, schemas);
  auto key = [&](size_t i) { return std::make_tuple(all[i].rank, all[i].schema, all[i].bare, all[i].object.kind); };
  std::vector<bool> placed(all.size(), false);
  std::vector<SchemaObject> out;
  while (out.size() < all.size()) {
    std::optional<size_t> ready, any;
    for (size_t i = 0; i < all.size(); ++i) {
      if (placed[i]) continue;
      if (!any || key(i) < key(*any)) any = i;
      bool waiting = std::any_of(needs[i].begin(), needs[i].end(), [&](size_t n) { return !placed[n]; });
      if (!waiting && (!ready || key(i) < key(*ready))) ready = i;
    }
    size_t next = ready ? *ready : *any;
    placed[next] = true;
    out.push_back(all[next].object);
  }
  return out;
}

// Reads the candidates DuckDB lists when a call to macro `name` fits none of its overloads: one
// signature a line, "name(a, b INTEGER := 3)", with default values that no catalog column holds.
std::vector<std::string> DuckdbCandidates(const std::string& message, const std::string& name) {
  std::vector<std::string> out;
  size_t at = message.find("Candidate macros:\n");
  if (at == std::string::npos) return out;
  at += std::string("Candidate macros:\n").size();
  while (at < message.size() && message[at] == '\t') {
    size_t end = message.find('\n', at);
    std::string line = message.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
    if (line.rfind(name + "(", 0) != 0 || line.back() != ')') return {};  // starts with name(, so not empty
    out.push_back(line.substr(name.size() + 1, line.size() - name.size() - 2));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return out;
}

// One overload's parameter list, written with `quoting`'s identifiers, from the catalog's names and types
// and the defaults in `candidate` (its signature as DuckDB lists it). Empty if `candidate` does not read
// as those parameters in that order.
std::optional<std::string> DuckdbParameters(const std::vector<std::string>& names,
                                            const std::vector<std::optional<std::string>>& types,
                                            const std::string& candidate, const TableCopier& quoting) {
  std::string out;
  size_t at = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      if (candidate.compare(at, 2, ", ") != 0) return std::nullopt;
      at += 2;
      out += ", ";
    }
    if (candidate.compare(at, names[i].size(), names[i]) != 0) return std::nullopt;
    at += names[i].size();
    out += quoting.Quote(names[i]);
    if (types[i]) {
      if (candidate.compare(at, types[i]->size() + 1, " " + *types[i]) != 0) return std::nullopt;
      at += types[i]->size() + 1;
      out += " " + *types[i];
    }
    if (candidate.compare(at, 4, " := ") == 0) {
      at += 4;
      // A constant: up to the next comma outside brackets and quotes.
      size_t start = at;
      int depth = 0;
      char quote = 0;
      for (; at < candidate.size(); ++at) {
        char c = candidate[at];
        if (quote) {
          if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '(' || c == '[' || c == '{') {
          ++depth;
        } else if (c == ')' || c == ']' || c == '}') {
          --depth;
        } else if (c == ',' && depth == 0) {
          break;
        }
      }
      if (quote || depth != 0 || at == start) return std::nullopt;
      out += " := " + candidate.substr(start, at - start);
    }
  }
  if (at != candidate.size()) return std::nullopt;
  return out;
}

}  // namespace

Result<Schema> DuckdbSchema::ReadSchema() {
  // Every query reads the open file's own catalog: not the system's built-ins, not temporary objects,
  // not other attached databases.
  constexpr const char* kHere = "database_name = current_database()";
  auto current = queries_.Query("SELECT current_schema()", {});
  if (!current.ok()) return current.status();
  const std::string home = DuckdbText((*current)[0][0]);
  auto strata_own = [&](const std::string& schema, const std::string& name) {
    if (schema == "strata_backups") return true;
    if (schema != home) return false;
    return IsStrataObjectName(name, history_table_);
  };
  auto qualified = [&](const std::string& schema, const std::string& name) {
    return quoting_.Quote(schema) + "." + quoting_.Quote(name);
  };

  // Only an extension can store another kind of function: nothing here could create it again.
  auto foreign =
      queries_.Query(fmt::format("SELECT schema_name, function_name, function_type FROM duckdb_functions() "
                                 "WHERE {} AND NOT internal AND function_type NOT IN ('macro', 'table_macro')",
                                 kHere),
                     {});
  if (!foreign.ok()) return foreign.status();
  if (!foreign->empty()) {
    const SqlRow& f = foreign->front();
    return Status(StatusCode::kUnsupported,
                  fmt::format("the DuckDB database stores the {} function {}.{}, a kind strata cannot dump (only "
                              "macros are written back); drop it or re-create it as a macro, then dump again",
                              DuckdbText(f[2]), DuckdbText(f[0]), DuckdbText(f[1])));
  }

  Schema schema;
  std::set<std::string> schema_names = {DuckdbLower(home)};
  auto schemas = queries_.Query(
      fmt::format("SELECT schema_name FROM duckdb_schemas() WHERE {} AND NOT internal ORDER BY schema_name", kHere),
      {});
  if (!schemas.ok()) return schemas.status();
  for (const SqlRow& r : *schemas) {
    const std::string name = DuckdbText(r[0]);
    schema_names.insert(DuckdbLower(name));
    if (name == "strata_backups") continue;
    schema.objects.push_back({"schema", name, "CREATE SCHEMA " + quoting_.Quote(name) + ";\n"});
  }

  // A type is written as what DuckDB resolves it to: ENUM labels, STRUCT fields, the aliased type.
  auto types = queries_.Query(fmt::format("SELECT schema_name, type_name, comment FROM duckdb_types() WHERE {} AND "
                                          "NOT internal ORDER BY schema_name, type_name",
                                          kHere),
                              {});
  if (!types.ok()) return types.status();
  for (const SqlRow& r : *types) {
    const std::string s = DuckdbText(r[0]), name = DuckdbText(r[1]);
    if (strata_own(s, name)) continue;
    auto resolved = queries_.Query("SELECT typeof(NULL::" + qualified(s, name) + ")", {});
    if (!resolved.ok()) return resolved.status();
    schema.objects.push_back(
        {"type", s + "." + name,
         fmt::format("CREATE TYPE {} AS {};\n", qualified(s, name), DuckdbText((*resolved)[0][0])) +
             DuckdbComment("TYPE", qualified(s, name), r[2])});
  }

  auto sequences = queries_.Query(
      fmt::format("SELECT schema_name, sequence_name, increment_by, min_value, max_value, start_value, cycle, comment "
                  "FROM duckdb_sequences() WHERE {} AND NOT temporary ORDER BY schema_name, sequence_name",
                  kHere),
      {});
  if (!sequences.ok()) return sequences.status();
  for (const SqlRow& r : *sequences) {
    const std::string s = DuckdbText(r[0]), name = DuckdbText(r[1]);
    if (strata_own(s, name)) continue;
    // START is the next value once a used sequence's file was closed (DuckDB keeps no other): the
    // definition says it, the compared definition leaves it out.
    const std::string head = fmt::format("CREATE SEQUENCE {} INCREMENT BY {} MINVALUE {} MAXVALUE {}",
                                         qualified(s, name), DuckdbText(r[2]), DuckdbText(r[3]), DuckdbText(r[4])),
                      tail = (DuckdbText(r[6]) == "true" ? " CYCLE;\n" : " NO CYCLE;\n") +
                             DuckdbComment("SEQUENCE", qualified(s, name), r[7]);
    schema.objects.push_back({"sequence", s + "." + name, head + " START " + DuckdbText(r[5]) + tail, head + tail});
  }

  std::vector<DuckdbBound> bound;
  // Macros: one row per overload, in the order they were declared (the catalog's scan order).
  auto macros =
      queries_.Query(fmt::format("SELECT schema_name, function_name, function_type, to_json(parameters)::VARCHAR, "
                                 "to_json(parameter_types)::VARCHAR, macro_definition, comment FROM duckdb_functions() "
                                 "WHERE {} AND NOT internal AND function_type IN ('macro', 'table_macro')",
                                 kHere),
                     {});
  if (!macros.ok()) return macros.status();
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const SqlRow*>> overloads;
  for (const SqlRow& r : *macros) overloads[{DuckdbText(r[0]), DuckdbText(r[1]), DuckdbText(r[2])}].push_back(&r);
  for (const auto& [id, rows] : overloads) {
    const std::string& s = std::get<0>(id);
    const std::string& name = std::get<1>(id);
    const bool table = std::get<2>(id) == "table_macro";
    if (strata_own(s, name)) continue;
    const char* kind = table ? "table macro" : "macro";
    size_t most = 0;
    for (const SqlRow* r : rows) most = std::max(most, nlohmann::json::parse(DuckdbText((*r)[3])).size());
    // A call with one argument too many fits no overload; binding it (nothing runs) makes DuckDB list them.
    std::string call = qualified(s, name) + "(";
    for (size_t i = 0; i <= most; ++i) call += i ? ", NULL" : "NULL";
    call += ")";
    auto probe = queries_.Query(table ? "SELECT * FROM " + call : "SELECT " + call, {});
    std::vector<std::string> candidates =
        probe.ok() ? std::vector<std::string>() : DuckdbCandidates(probe.status().database_message(), name);
    auto unreadable = [&] {
      return Status(
          StatusCode::kUnsupported,
          fmt::format("cannot read the parameters of the DuckDB {} {}.{} (DuckDB did not list its signatures "
                      "as expected: {}); report it, with the macro's CREATE statement",
                      kind, s, name, probe.ok() ? "the probe call bound" : probe.status().database_message()));
    };
    if (candidates.size() != rows.size()) return unreadable();
    std::string definition = "CREATE MACRO " + qualified(s, name);
    for (size_t i = 0; i < rows.size(); ++i) {
      const SqlRow& r = *rows[i];
      std::vector<std::string> names;
      std::vector<std::optional<std::string>> param_types;
      for (const auto& n : nlohmann::json::parse(DuckdbText(r[3]))) names.push_back(n.get<std::string>());
      for (const auto& t : nlohmann::json::parse(DuckdbText(r[4]))) {
        param_types.push_back(t.is_null() ? std::nullopt : std::optional<std::string>(t.get<std::string>()));
      }
      if (param_types.size() != names.size()) return unreadable();
      auto parameters = DuckdbParameters(names, param_types, candidates[i], quoting_);
      if (!parameters) return unreadable();
      definition += fmt::format("{}({}) AS {}{}", i ? ", " : "", *parameters, table ? "TABLE " : "", DuckdbText(r[5]));
    }
    definition += ";\n" + DuckdbComment(table ? "MACRO TABLE" : "MACRO", qualified(s, name), (*rows[0])[6]);
    std::string body;
    for (const SqlRow* r : rows) body += DuckdbText((*r)[5]) + "\n";
    bound.push_back({{kind, s + "." + name, definition}, s, DuckdbLower(name), body, 0});
  }

  // Column comments, of tables and views, in column order.
  auto columns =
      queries_.Query(fmt::format("SELECT schema_name, table_name, column_name, comment FROM duckdb_columns() "
                                 "WHERE {} AND comment IS NOT NULL ORDER BY schema_name, table_name, column_index",
                                 kHere),
                     {});
  if (!columns.ok()) return columns.status();
  std::map<std::pair<std::string, std::string>, std::string> column_comments;
  for (const SqlRow& r : *columns) {
    const std::string s = DuckdbText(r[0]), t = DuckdbText(r[1]);
    column_comments[{s, t}] += DuckdbComment("COLUMN", qualified(s, t) + "." + quoting_.Quote(DuckdbText(r[2])), r[3]);
  }

  // Tables and views as DuckDB keeps their CREATE statements.
  auto missing_sql = [](const char* kind, const std::string& name) {
    return Status(
        StatusCode::kUnsupported,
        fmt::format("DuckDB keeps no CREATE statement for the {} {}, so strata cannot dump it; report it", kind, name));
  };
  for (const char* kind : {"table", "view"}) {
    const bool table = std::string(kind) == "table";
    auto rows =
        queries_.Query(fmt::format("SELECT schema_name, {0}_name, sql, comment FROM duckdb_{0}s() WHERE {1} AND "
                                   "NOT internal AND NOT temporary ORDER BY schema_name, {0}_name",
                                   kind, kHere),
                       {});
    if (!rows.ok()) return rows.status();
    for (const SqlRow& r : *rows) {
      const std::string s = DuckdbText(r[0]), name = DuckdbText(r[1]);
      if (strata_own(s, name)) continue;
      if (!r[2]) return missing_sql(kind, s + "." + name);
      std::string sql = *r[2];
      if (sql.empty() || sql.back() != ';') sql += ";";
      std::string definition =
          sql + "\n" + DuckdbComment(table ? "TABLE" : "VIEW", qualified(s, name), r[3]) + column_comments[{s, name}];
      bound.push_back({{kind, s + "." + name, definition}, s, DuckdbLower(name), sql, table ? 1 : 2});
    }
  }
  for (SchemaObject& o : DuckdbDependencyOrder(bound, schema_names)) schema.objects.push_back(std::move(o));

  // Indexes last: they need their table, and a macro their expression may call.
  auto indexes =
      queries_.Query(fmt::format("SELECT schema_name, index_name, table_name, sql, comment FROM duckdb_indexes() "
                                 "WHERE {} ORDER BY schema_name, index_name",
                                 kHere),
                     {});
  if (!indexes.ok()) return indexes.status();
  for (const SqlRow& r : *indexes) {
    const std::string s = DuckdbText(r[0]), name = DuckdbText(r[1]);
    if (strata_own(s, DuckdbText(r[2]))) continue;
    if (!r[3]) return missing_sql("index", s + "." + name);
    std::string sql = *r[3];
    if (sql.empty() || sql.back() != ';') sql += ";";
    schema.objects.push_back({"index", s + "." + name, sql + "\n" + DuckdbComment("INDEX", qualified(s, name), r[4])});
  }
  return schema;
}

}  // namespace strata
