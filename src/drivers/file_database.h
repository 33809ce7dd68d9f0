// What the drivers of file databases (SQLite, DuckDB) share: the file's path from the URL, checked.
#pragma once

#include <string>

#include "strata/driver.h"

namespace strata {

// "sqlite:app.db" -> "app.db"; "scheme:///abs/a.db" -> "/abs/a.db"; "scheme::memory:" -> ":memory:".
// kInvalidArgument, naming `kind` and showing `example`, for a URL without a path, a history table that
// is not a plain identifier, or a file whose directory does not exist.
Result<std::string> DatabaseFilePath(const std::string& url, const ConnectOptions& options, const char* kind,
                                     const char* example);

}  // namespace strata
