// MongoDB migrations: `.json` files with "up" and "down" arrays of commands (json_migration.cc).
#pragma once

#include <string>
#include <string_view>

#include "strata/migration.h"
#include "strata/status.h"

namespace strata {

// `m` arrives with version, name, paths and checksum filled from the file; the sections come from
// `content`, already checked to be UTF-8.
Result<Migration> ParseJsonMigration(const std::string& path, std::string_view content, Migration m);

}  // namespace strata
