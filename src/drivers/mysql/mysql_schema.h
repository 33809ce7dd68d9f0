// MySQL's and MariaDB's schema, read from information_schema and the server's SHOW CREATE statements,
// and scratch databases on the same server.
//
// Objects and their load order (what an object needs comes first):
//   sequence (MariaDB)   SHOW CREATE SEQUENCE: its options, never its current value
//   function, procedure  SHOW CREATE FUNCTION / PROCEDURE, without DEFINER (bodies are not checked
//                        when created, so they load before what they use)
//   table                SHOW CREATE TABLE: columns (charset, collation, generated), primary key, checks,
//                        engine and options; partitions as printed. No AUTO_INCREMENT counter.
//   index "t.i"          each secondary index as ALTER TABLE `t` ADD <its clause> (an AUTO_INCREMENT
//                        column's index that is not the primary key stays in CREATE TABLE: it must exist
//                        when the table is created)
//   foreign key "t.f"    ALTER TABLE `t` ADD CONSTRAINT ...: after every table and index, so tables load
//                        in any order (cycles too) and a foreign key finds the index it had
//   view                 SHOW CREATE VIEW without DEFINER, views read by another first
//   trigger              from information_schema.TRIGGERS, in ACTION_ORDER on each table and event
//   event                SHOW CREATE EVENT without DEFINER, and without STARTS when it started on creation
// Names of tables, views, routines, triggers and events are bare: they live in the connection's database.
// Texts the server prints (tables, views) drop the database's own name as a qualifier; bodies written
// by hand (routines, triggers, events) are kept as written.
//
// Left out: strata's tables (<history>, _events, _meta, _lock, _backups) and their triggers.
// kUnsupported: MariaDB packages, and any table type or routine type not above.
#pragma once

#include <string>

#include "drivers/sql/table_backups.h"
#include "strata/driver.h"
#include "strata/schema.h"

namespace strata {

class MysqlSchemaReader final : public SchemaReader {
 public:
  // REQUIRES: `queries` and `names` (the driver's identifier quoting) outlive this.
  MysqlSchemaReader(SqlQueries& queries, const TableCopier& names, std::string history_table)
      : queries_(queries), names_(names), history_table_(std::move(history_table)) {}

  Result<Schema> ReadSchema() override;

 private:
  // Every object, read with the session printing in the server's own form.
  Result<Schema> ReadObjects();
  // The text of `SHOW CREATE <what> <name>`, in column `column` of its one row.
  Result<std::string> ShowCreate(const std::string& what, const std::string& name, size_t column);
  Status ReadTables(const std::string& database, Schema& schema);
  Status ReadRoutines(Schema& schema);
  Status ReadTriggers(Schema& schema);
  Status ReadEvents(Schema& schema);
  bool Strata(const std::string& table) const;

  SqlQueries& queries_;
  const TableCopier& names_;
  std::string history_table_;
};

// Scratch databases `strata_scratch_<pid>_<n>_<random>` on the connection's server, made with its
// database's character set and collation.
class MysqlScratch final : public ScratchDatabases {
 public:
  // REQUIRES: `queries` and `names` outlive this; `url` is the connection's.
  MysqlScratch(SqlQueries& queries, const TableCopier& names, std::string url)
      : queries_(queries), names_(names), url_(std::move(url)) {}

  Result<std::string> CreateScratch() override;
  // Refuses (kInvalidArgument) a URL whose database is not named as CreateScratch names them.
  Status DropScratch(const std::string& url) override;

 private:
  SqlQueries& queries_;
  const TableCopier& names_;
  std::string url_;
};

}  // namespace strata
