// DuckDB's way with table backups (drivers/sql/table_backups.h): the copy is CREATE TABLE ... AS SELECT in
// the schema `strata_backups`, and the definition is the CREATE TABLE statement DuckDB keeps for the table.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "drivers/duckdb/duckdb_connection.h"

namespace strata {

namespace {

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
    auto columns = q_.Query("SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = ? "
                            "AND table_name = ? ORDER BY column_index",
                            {schema, name});
    if (!columns.ok()) return columns.status();
    for (const SqlRow& r : *columns) shape.columns.push_back(Text(r[0]));
    shape.insertable = shape.columns;
    auto key = q_.Query("SELECT unnest(constraint_column_names) FROM duckdb_constraints() WHERE database_name = current_database() "
                        "AND schema_name = ? AND table_name = ? AND constraint_type = 'PRIMARY KEY'",
                        {schema, name});
    if (!key.ok()) return key.status();
    for (const SqlRow& r : *key) shape.key.push_back(Text(r[0]));
    auto created = q_.Query("SELECT sql FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = ? "
                            "AND table_name = ?",
                            {schema, name});
    if (!created.ok()) return created.status();
    if (!created->empty()) shape.definition = Text((*created)[0][0]);
    return shape;
  }

  std::vector<std::string> CopyTable(const std::string& table, const TableShape&, const std::string& copy) override {
    return {fmt::format("CREATE TABLE {} AS SELECT * FROM {}", Copy(copy), QuoteQualified(table))};
  }

  std::vector<std::string> Recreate(const std::string& table, const std::string& copy, const std::string& definition) override {
    // DuckDB keeps "CREATE TABLE name(...);" without the schema: it is put back where it was.
    const std::string prefix = "CREATE TABLE ";
    size_t dot = table.find('.');
    if (definition.rfind(prefix, 0) == 0 && dot != std::string::npos) {
      return {prefix + Quote(table.substr(0, dot)) + "." + definition.substr(prefix.size())};
    }
    return {fmt::format("CREATE TABLE {} AS SELECT * FROM {} LIMIT 0", QuoteQualified(table), Copy(copy))};
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
