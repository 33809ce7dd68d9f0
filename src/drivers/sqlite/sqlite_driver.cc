#include "drivers/sqlite/sqlite_driver.h"

#include <fmt/format.h>
#include <sqlite3.h>

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
    const std::string& path = *file;
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
    return std::unique_ptr<Connection>(new SqliteConnection(db, path, options));
  }
};

}  // namespace

const Driver& SqliteDriver() {
  static const Sqlite driver;
  return driver;
}

}  // namespace strata
