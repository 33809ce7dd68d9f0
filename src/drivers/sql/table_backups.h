// Backups of tables on SQL servers (PostgreSQL, MySQL/MariaDB, DuckDB): before a step that could destroy
// data, each table at risk is copied into the schema (MySQL: database) `strata_backups`, with what it
// takes to bring the table back after a DROP TABLE, and listed in `<history>_backups`. A backup of dropped
// columns keeps only the table's key and those columns.
//
// Restore, under the runner lock:
//   whole table, table gone    -> re-create it from the recorded definition, then as below;
//   whole table, table present -> in one transaction, delete its rows and insert the copy's;
//   columns                    -> re-create a missing column with the copy's type, then set its values
//                                 row by row, matched on the key.
// The flow is shared; what each database says its own way is a TableCopier (one per driver folder).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "drivers/sql/history_dialect.h"
#include "strata/driver.h"

namespace strata {

// A table as a backup needs to know it.
struct TableShape {
  std::vector<std::string> columns;     // every column, in order
  std::vector<std::string> insertable;  // those a row supplies (not generated)
  std::vector<std::string> key;         // the primary key's columns; empty when it has none
  std::string definition;               // what re-creates the table after a DROP, in the copier's own form
};

// What one SQL database says its own way. Names passed in are "schema.table" as Resolve returned them;
// `copy` is the copy's bare name in the backup schema.
class TableCopier {
 public:
  virtual ~TableCopier() = default;

  virtual char quote() const = 0;
  // The schema-qualified name of the table `table` (as a migration writes it), or nothing when it does
  // not exist.
  virtual Result<std::optional<std::string>> Resolve(const std::string& table) = 0;
  virtual Result<TableShape> Shape(const std::string& table) = 0;
  // Creates the backup schema unless it exists.
  virtual std::string CreateSchema() const { return "CREATE SCHEMA IF NOT EXISTS " + Quote("strata_backups"); }
  // Creates the copy of the whole table, rows included.
  virtual std::vector<std::string> CopyTable(const std::string& table, const TableShape& shape, const std::string& copy) = 0;
  // Statements that re-create the dropped table `table` (no rows) from its copy and definition.
  virtual std::vector<std::string> Recreate(const std::string& table, const std::string& copy, const std::string& definition) = 0;
  // After the rows are back in a re-created table (sequences moved past them, foreign keys). Default: none.
  virtual std::vector<std::string> AfterRecreate(const std::string& /*table*/, const std::string& /*definition*/) { return {}; }
  // INSERT INTO table (columns) SELECT columns FROM copy, in the dialect's form.
  virtual std::string InsertFromCopy(const std::string& table, const std::string& copy, const std::string& columns);
  // UPDATE table SET each column from the copy's row with the same key. Default: UPDATE ... FROM
  // (PostgreSQL, DuckDB).
  virtual std::string UpdateFromCopy(const std::string& table, const std::string& copy, const std::vector<std::string>& key,
                                     const std::vector<std::string>& columns);
  // A column's type in the copy, to re-create it.
  virtual Result<std::string> ColumnType(const std::string& copy, const std::string& column) = 0;
  // The copy's size on disk; -1 when the database cannot say.
  virtual Result<int64_t> Bytes(const std::string& copy) = 0;
  // Statements around a restore's writes (MySQL: foreign key checks off, so rows go back in any order).
  virtual std::vector<std::string> BeforeRestore() { return {}; }
  virtual std::vector<std::string> AfterRestore() { return {}; }
  // Longest identifier the database takes.
  virtual size_t max_name() const { return 63; }

  std::string Quote(const std::string& name) const;
  // "schema.table" -> its quoted form.
  std::string QuoteQualified(const std::string& name) const;
  std::string Copy(const std::string& copy) const { return Quote("strata_backups") + "." + Quote(copy); }

  // "schema.table" -> {schema, table}; a bare name has no schema (NULL: the connection's own).
  static std::pair<SqlValue, std::string> Split(const std::string& table);
  static std::string Text(const SqlValue& v) { return v.value_or(""); }
};

class TableBackups final : public BackupStore {
 public:
  // REQUIRES: `connection` and `copier` outlive this; `names` says where the history lives.
  TableBackups(Connection& connection, SqlQueries& queries, TableCopier& copier, const HistoryDialect& dialect,
               HistoryNames names)
      : connection_(connection), queries_(queries), copier_(copier), dialect_(dialect), names_(std::move(names)) {}

  Result<std::vector<BackupTarget>> ObjectsAtRisk(const Script& script, std::vector<BackupTarget> found,
                                                  bool requested) override;
  Result<std::vector<BackupInfo>> Backup(const std::string& version, const std::string& name,
                                         const std::vector<BackupTarget>& targets) override;
  Result<std::vector<BackupInfo>> List() override;
  Result<BackupInfo> Restore(const std::string& id) override;
  Status Remove(const std::string& id) override;

 private:
  struct Entry {
    BackupInfo info;
    std::vector<std::string> key;
    std::string definition;
  };
  Status EnsureCatalog();
  Result<std::vector<Entry>> Entries(const std::string& id);
  Result<BackupInfo> Take(const std::string& version, const std::string& name, const BackupTarget& target);
  Status Run(const std::vector<std::string>& statements);
  Status RestoreTable(const Entry& entry);
  Status RestoreColumns(const Entry& entry);

  Connection& connection_;
  SqlQueries& queries_;
  TableCopier& copier_;
  const HistoryDialect& dialect_;
  HistoryNames names_;
};

}  // namespace strata
