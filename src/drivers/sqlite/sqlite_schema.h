// SQLite's schema, read from sqlite_schema: every table, index, view and trigger as SQLite keeps its
// CREATE statement. The text is what the migration wrote (SQLite edits it on ALTER TABLE), so executing
// it in an empty database stores the same text again: a dump reloads byte for byte.
//
// Scratch databases live in memory (`sqlite::memory:`): nothing to create on disk, nothing to clean up.
#pragma once
#include <string>

#include "strata/driver.h"
#include "strata/schema.h"

namespace strata {

class SqliteSchema final : public SchemaReader, public ScratchDatabases {
 public:
  SqliteSchema(SqlQueries& queries, std::string history_table)
      : queries_(queries), history_table_(std::move(history_table)) {}

  Result<Schema> ReadSchema() override;
  // SQLite's schema cookie, which every change of sqlite_schema increments.
  Result<std::string> Stamp() override;
  Result<std::string> CreateScratch() override { return std::string("sqlite::memory:"); }
  Status DropScratch(const std::string&) override { return Status::Ok(); }

 private:
  SqlQueries& queries_;
  std::string history_table_;
};

}  // namespace strata
