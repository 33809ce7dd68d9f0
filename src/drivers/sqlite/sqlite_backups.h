// Backups of a SQLite database: the whole file, copied through SQLite's online backup API into
// `<database>.strata-backups/<version>-<time>.db` before a step that could destroy data, so a restore is
// exact, schema and history included. Each copy has a `.json` beside it saying what it was taken for;
// the folder is the catalog (a restore, which rewinds the database, must not rewind the list of copies).
#pragma once

#include <sqlite3.h>

#include <string>

#include "strata/driver.h"

namespace strata {

class SqliteBackups final : public BackupStore {
 public:
  // REQUIRES: `db` stays open while this lives; `path` is the database's file.
  SqliteBackups(sqlite3* db, std::string path, HistoryStore& history) : db_(db), path_(std::move(path)), history_(history) {}

  Result<std::vector<BackupTarget>> ObjectsAtRisk(const Script& script, std::vector<BackupTarget> found,
                                                  bool requested) override;
  // One copy of the whole database, whatever the targets; it counts the targets' rows.
  Result<std::vector<BackupInfo>> Backup(const std::string& version, const std::string& name,
                                         const std::vector<BackupTarget>& targets) override;
  Result<std::vector<BackupInfo>> List() override;
  // The database becomes the copy, its history too (the migration is pending again, or applied again
  // for a copy taken before a down step); the audit trail keeps every event since the copy was taken.
  Result<BackupInfo> Restore(const std::string& id) override;
  Status Remove(const std::string& id) override;

 private:
  std::string Folder() const { return path_ + ".strata-backups"; }
  // Copies database `from` into database `to` (each "main" of its connection) page by page.
  Status Copy(sqlite3* from, sqlite3* to, const std::string& what);

  sqlite3* db_;
  std::string path_;
  HistoryStore& history_;
};

}  // namespace strata
