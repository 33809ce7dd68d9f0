#include "drivers/sqlite/sqlite_driver.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>
#include <regex>

#include "drivers/sql/sql_history.h"
#include "drivers/sqlite/sqlite_connection.h"

namespace strata {
namespace {

// "sqlite:app.db" -> "app.db"; "sqlite:///abs/app.db" -> "/abs/app.db"; "sqlite://app.db" -> "app.db".
std::string PathOf(const std::string& url) {
  std::string rest = url.substr(url.find(':') + 1);
  if (rest.rfind("//", 0) == 0) rest.erase(0, 2);
  return rest;
}

class Sqlite final : public Driver {
 public:
  std::string name() const override { return "sqlite"; }
  std::vector<std::string> schemes() const override { return {"sqlite", "sqlite3"}; }

  Result<std::unique_ptr<Connection>> Connect(const std::string& url, const ConnectOptions& options) const override {
    if (!IsPlainIdentifier(options.history_table)) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("history table name '{}' is not a plain identifier (letters, digits, '_')",
                                options.history_table));
    }
    std::string path = PathOf(url);
    if (path.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("'{}' names no database file; write sqlite:PATH, e.g. sqlite:db/app.db", url));
    }
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (path != ":memory:" && !parent.empty() && !std::filesystem::is_directory(parent, ec)) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("cannot open SQLite database '{}': directory '{}' does not exist; create it first",
                                path, parent.string()));
    }
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
