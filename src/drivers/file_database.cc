#include "drivers/file_database.h"

#include <fmt/format.h>

#include <filesystem>

#include "drivers/sql/sql_history.h"

namespace strata {

Result<std::string> DatabaseFilePath(const std::string& url, const ConnectOptions& options, const char* kind,
                                     const char* example) {
  STRATA_RETURN_IF_ERROR(CheckHistoryTableName(options.history_table));
  std::string path = url.substr(url.find(':') + 1);
  if (path.rfind("//", 0) == 0) path.erase(0, 2);
  if (path.empty()) {
    return Status(StatusCode::kInvalidArgument, fmt::format("'{}' names no database file; write {}", url, example));
  }
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (path != ":memory:" && !parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("cannot open {} database '{}': directory '{}' does not exist; create it first", kind,
                              path, parent.string()));
  }
  return path;
}

}  // namespace strata
