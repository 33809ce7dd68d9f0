// MySQL's and MariaDB's way with table backups (drivers/sql/table_backups.h): the copy is made with
// CREATE TABLE ... LIKE (columns, types, indexes; no foreign keys, so it holds nothing of the source's
// relations) in the database `strata_backups`, and the definition is SHOW CREATE TABLE's, which brings a
// dropped table back exactly, foreign keys included.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "drivers/mysql/mysql_connection.h"

namespace strata {

namespace {

class MysqlTableCopierImpl final : public TableCopier {
 public:
  explicit MysqlTableCopierImpl(SqlQueries& q) : q_(q) {}

  char quote() const override { return '`'; }
  size_t max_name() const override { return 64; }
  std::string CreateSchema() const override { return "CREATE DATABASE IF NOT EXISTS " + Quote("strata_backups"); }

  Result<std::optional<std::string>> Resolve(const std::string& table) override {
    auto [schema, name] = Split(table);
    // Unquoted names reach here in lower case; tables keep the case they were created with.
    auto rows = q_.Query("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) "
                         "AND LOWER(TABLE_NAME) = LOWER(?) AND TABLE_TYPE = 'BASE TABLE'",
                         {schema, name});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return std::optional<std::string>();
    return std::optional<std::string>(Text((*rows)[0][0]) + "." + Text((*rows)[0][1]));
  }

  Result<TableShape> Shape(const std::string& table) override {
    auto [schema, name] = Split(table);
    TableShape shape;
    auto columns = q_.Query("SELECT COLUMN_NAME, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                            "ORDER BY ORDINAL_POSITION",
                            {schema, name});
    if (!columns.ok()) return columns.status();
    for (const SqlRow& r : *columns) {
      shape.columns.push_back(Text(r[0]));
      std::string extra = Text(r[1]);
      // DEFAULT_GENERATED is an expression default, not a generated column.
      bool generated = extra.find("VIRTUAL GENERATED") != std::string::npos || extra.find("STORED GENERATED") != std::string::npos ||
                       extra.find("PERSISTENT GENERATED") != std::string::npos;
      if (!generated) shape.insertable.push_back(Text(r[0]));
    }
    auto key = q_.Query("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                        "AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
                        {schema, name});
    if (!key.ok()) return key.status();
    for (const SqlRow& r : *key) shape.key.push_back(Text(r[0]));
    if (*schema != "strata_backups") {
      auto created = q_.Query("SHOW CREATE TABLE " + QuoteQualified(table), {});
      if (!created.ok()) return created.status();
      if (!created->empty() && (*created)[0].size() > 1) shape.definition = Text((*created)[0][1]);
    }
    return shape;
  }

  std::vector<std::string> CopyTable(const std::string& table, const TableShape& shape, const std::string& copy) override {
    std::vector<std::string> columns;
    for (const std::string& c : shape.insertable) columns.push_back(Quote(c));
    std::string list = fmt::format("{}", fmt::join(columns, ", "));
    return {fmt::format("CREATE TABLE {} LIKE {}", Copy(copy), QuoteQualified(table)),
            fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", Copy(copy), list, list, QuoteQualified(table))};
  }

  std::vector<std::string> Recreate(const std::string& table, const std::string& copy, const std::string& definition) override {
    // SHOW CREATE TABLE names the table without its database: it is put back where it was.
    const std::string prefix = "CREATE TABLE ";
    std::string create = definition;
    if (create.rfind(prefix, 0) == 0) {
      size_t name_end = create.find('`', prefix.size() + 1);
      if (name_end != std::string::npos) create = prefix + QuoteQualified(table) + create.substr(name_end + 1);
    } else {
      create = fmt::format("CREATE TABLE {} LIKE {}", QuoteQualified(table), Copy(copy));
    }
    // Its foreign keys may name tables that are gone too: they are checked again from the next insert on.
    return {"SET FOREIGN_KEY_CHECKS = 0", create, "SET FOREIGN_KEY_CHECKS = 1"};
  }

  std::string UpdateFromCopy(const std::string& table, const std::string& copy, const std::vector<std::string>& key,
                             const std::vector<std::string>& columns) override {
    std::vector<std::string> set, match;
    for (const std::string& c : columns) set.push_back(fmt::format("t_.{} = b_.{}", Quote(c), Quote(c)));
    for (const std::string& k : key) match.push_back(fmt::format("t_.{} = b_.{}", Quote(k), Quote(k)));
    return fmt::format("UPDATE {} AS t_ JOIN {} AS b_ ON {} SET {}", QuoteQualified(table), Copy(copy), fmt::join(match, " AND "),
                       fmt::join(set, ", "));
  }

  // Rows go back in any order, whatever refers to them.
  std::vector<std::string> BeforeRestore() override { return {"SET FOREIGN_KEY_CHECKS = 0"}; }
  std::vector<std::string> AfterRestore() override { return {"SET FOREIGN_KEY_CHECKS = 1"}; }

  Result<std::string> ColumnType(const std::string& copy, const std::string& column) override {
    auto rows = q_.Query("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'strata_backups' AND TABLE_NAME = ? "
                         "AND COLUMN_NAME = ?",
                         {copy, column});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status(StatusCode::kDatabaseError, fmt::format("the backup {} has no column {}", copy, column));
    return Text((*rows)[0][0]);
  }

  Result<int64_t> Bytes(const std::string& copy) override {
    auto rows = q_.Query("SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'strata_backups' "
                         "AND TABLE_NAME = ?",
                         {copy});
    if (!rows.ok()) return rows.status();
    return rows->empty() || !(*rows)[0][0] ? int64_t{-1} : std::stoll(*(*rows)[0][0]);
  }

 private:
  SqlQueries& q_;
};

}  // namespace

std::unique_ptr<TableCopier> MysqlTableCopier(SqlQueries& queries) { return std::make_unique<MysqlTableCopierImpl>(queries); }

}  // namespace strata
