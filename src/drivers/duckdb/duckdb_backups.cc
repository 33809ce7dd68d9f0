// DuckDB's way with table backups (drivers/sql/table_backups.h): the copy is CREATE TABLE ... AS SELECT in
// the schema `strata_backups`, and the definition is the CREATE TABLE and CREATE INDEX statements DuckDB
// keeps for the table, with the comments on it, its columns and indexes, as JSON (a backup taken before
// the indexes were recorded holds the CREATE TABLE statement alone).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "drivers/duckdb/duckdb_connection.h"

namespace strata {

namespace {

using nlohmann::json;

// Where the name that starts at `at` ends: dotted parts, each bare or in double quotes ("a"."b""c").
size_t NameEnd(const std::string& sql, size_t at) {
  while (at < sql.size()) {
    if (sql[at] == '"') {
      for (++at; at < sql.size(); ++at) {
        if (sql[at] != '"') continue;
        if (sql.compare(at, 2, "\"\"") != 0) break;  // the closing quote; "" is one quote in the name
        ++at;
      }
      ++at;
    } else {
      while (at < sql.size() && sql[at] != '.' && sql[at] != '(' && sql[at] != ' ') ++at;
    }
    if (at >= sql.size() || sql[at] != '.') break;
    ++at;
  }
  return std::min(at, sql.size());
}

std::string Literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// DuckDB writes a table's name without its schema when that is "main": `statement` (CREATE TABLE or
// CREATE INDEX, as DuckDB keeps it) naming the table `qualified` in full, so it goes back where it was
// whatever the current schema. A statement not in that form is left as it is.
std::string NamingInFull(const std::string& statement, const std::string& qualified) {
  size_t at = std::string::npos;
  if (statement.rfind("CREATE TABLE ", 0) == 0) {
    at = std::string("CREATE TABLE ").size();
  } else {
    for (const std::string create : {"CREATE INDEX ", "CREATE UNIQUE INDEX "}) {
      if (statement.rfind(create, 0) != 0) continue;
      size_t on = NameEnd(statement, create.size());
      if (statement.compare(on, 4, " ON ") == 0) at = on + 4;
    }
  }
  if (at == std::string::npos) return statement;
  return statement.substr(0, at) + qualified + statement.substr(NameEnd(statement, at));
}

class DuckdbTableCopierImpl final : public TableCopier {
 public:
  explicit DuckdbTableCopierImpl(SqlQueries& q) : q_(q) {}

  char quote() const override { return '"'; }

  Result<std::optional<std::string>> Resolve(const std::string& table) override {
    auto [schema, name] = Split(table);
    auto rows = q_.Query("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() AND "
                         "schema_name = COALESCE(?, current_schema()) AND lower(table_name) = lower(?)",
                         {schema, name});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<std::string>();
    return std::optional<std::string>(Text((*rows)[0][0]) + "." + Text((*rows)[0][1]));
  }

  Result<TableShape> Shape(const std::string& table) override {
    auto [schema, name] = Split(table);
    TableShape shape;
    // Comments: what each is on ("TABLE", "COLUMN", "INDEX"), the column's or index's name, the text.
    json comments = json::array();
    auto columns = q_.Query("SELECT column_name, comment FROM duckdb_columns() "
                            "WHERE database_name = current_database() AND schema_name = ? AND table_name = ? "
                            "ORDER BY column_index",
                            {schema, name});
    if (!columns.ok()) return columns.status();
    for (const SqlRow& r : *columns) {
      shape.columns.push_back(Text(r[0]));
      if (r[1]) comments.push_back({"COLUMN", Text(r[0]), *r[1]});
    }
    shape.insertable = shape.columns;
    auto key = q_.Query("SELECT unnest(constraint_column_names) FROM duckdb_constraints() WHERE database_name = current_database() "
                        "AND schema_name = ? AND table_name = ? AND constraint_type = 'PRIMARY KEY'",
                        {schema, name});
    if (!key.ok()) return key.status();
    for (const SqlRow& r : *key) shape.key.push_back(Text(r[0]));
    auto created = q_.Query("SELECT sql, comment FROM duckdb_tables() WHERE database_name = current_database() "
                            "AND schema_name = ? AND table_name = ?",
                            {schema, name});
    if (!created.ok()) return created.status();
    json definition = {{"table", created->empty() ? "" : Text((*created)[0][0])}, {"indexes", json::array()}};
    if (!created->empty() && (*created)[0][1]) comments.push_back({"TABLE", "", *(*created)[0][1]});
    auto indexes = q_.Query("SELECT sql, index_name, comment FROM duckdb_indexes() "
                            "WHERE database_name = current_database() AND schema_name = ? AND table_name = ? "
                            "AND sql IS NOT NULL ORDER BY index_name",
                            {schema, name});
    if (!indexes.ok()) return indexes.status();
    for (const SqlRow& r : *indexes) {
      definition["indexes"].push_back(Text(r[0]));
      if (r[2]) comments.push_back({"INDEX", Text(r[1]), *r[2]});
    }
    definition["comments"] = std::move(comments);
    shape.definition = definition.dump();
    return shape;
  }

  std::vector<std::string> CopyTable(const std::string& table, const TableShape&, const std::string& copy) override {
    return {fmt::format("CREATE TABLE {} AS SELECT * FROM {}", Copy(copy), QuoteQualified(table))};
  }

  std::vector<std::string> Recreate(const std::string& table, const std::string& copy, const std::string& definition) override {
    json d = json::parse(definition, nullptr, false);
    const std::string create = d.is_object() ? d.value("table", "") : definition;
    std::vector<std::string> out;
    if (create.rfind("CREATE TABLE ", 0) == 0) {
      out.push_back(NamingInFull(create, QuoteQualified(table)));
    } else {
      out.push_back(fmt::format("CREATE TABLE {} AS SELECT * FROM {} LIMIT 0", QuoteQualified(table), Copy(copy)));
    }
    if (d.is_object()) {
      for (const json& index : d.value("indexes", json::array())) {
        out.push_back(NamingInFull(index.get<std::string>(), QuoteQualified(table)));
      }
      const std::string schema = Quote(Text(Split(table).first));
      for (const json& c : d.value("comments", json::array())) {
        const std::string on = c[0].get<std::string>(), of = c[1].get<std::string>();
        const std::string target = on == "TABLE"    ? QuoteQualified(table)
                                   : on == "COLUMN" ? QuoteQualified(table) + "." + Quote(of)
                                                    : schema + "." + Quote(of);
        out.push_back(fmt::format("COMMENT ON {} {} IS {}", on, target, Literal(c[2].get<std::string>())));
      }
    }
    return out;
  }

  Result<std::string> ColumnType(const std::string& copy, const std::string& column) override {
    auto rows = q_.Query("SELECT data_type FROM duckdb_columns() WHERE database_name = current_database() AND "
                         "schema_name = 'strata_backups' AND table_name = ? AND column_name = ?",
                         {copy, column});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status(StatusCode::kDatabaseError, fmt::format("the backup {} has no column {}", copy, column));
    return Text((*rows)[0][0]);
  }

  Result<int64_t> Bytes(const std::string&) override { return int64_t{-1}; }  // DuckDB does not say per table

 private:
  SqlQueries& q_;
};

}  // namespace

std::unique_ptr<TableCopier> DuckdbTableCopier(SqlQueries& queries) { return std::make_unique<DuckdbTableCopierImpl>(queries); }

}  // namespace strata
