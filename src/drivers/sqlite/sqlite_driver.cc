#include "drivers/sqlite/sqlite_driver.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

#include "drivers/file_database.h"
#include "drivers/sqlite/sqlite_connection.h"

namespace strata {
namespace {

class Sqlite final : public Driver {
 public:
  std::string name() const override { return "sqlite"; }
  std::vector<std::string> schemes() const override { return {"sqlite", "sqlite3"}; }

  Result<std::unique_ptr<Connection>> Connect(const std::string& url, const ConnectOptions& options) const override {
    auto file = DatabaseFilePath(url, options, "SQLite", "sqlite:PATH, e.g. sqlite:db/app.db");
    if (!file.ok()) return file.status();
    std::error_code ec;
    // A caller that changes nothing reads a missing database as what it would be: empty. Nothing is
    // created, so a dry run or `status` on a new path leaves no file behind.
    const bool stand_in = !options.create_missing && *file != ":memory:" && !std::filesystem::exists(*file, ec);
    const std::string path = stand_in ? ":memory:" : *file;
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close(db);
      return Status(StatusCode::kDatabaseError,
                    fmt::format("cannot open SQLite database '{}': {}", path, message));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, static_cast<int>(options.busy_timeout.count()));
    // SQLite reads a file's header only at the first statement: ask now, so that a file that is not a
    // database is named as such instead of failing later as "BEGIN IMMEDIATE: file is not a database".
    rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
      std::string message = sqlite3_errmsg(db);
      sqlite3_close(db);
      return Status(StatusCode::kDatabaseError,
                    fmt::format("'{}' is not a SQLite database, or it is damaged (SQLite says: {}); check that --url "
                                "names the right file. strata changed nothing",
                                path, message))
          .set_database_message(message);
    }
    return std::unique_ptr<Connection>(new SqliteConnection(db, path, options));
  }
};

}  // namespace

const Driver& SqliteDriver() {
  static const Sqlite driver;
  return driver;
}

}  // namespace strata
