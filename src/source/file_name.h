// What a migration file's name says: version, name, and for golang-migrate pairs which half it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "strata/version.h"

namespace strata {

enum class FileRole { kSingle, kUp, kDown };

struct MigrationFileName {
  Version version;
  std::string name;
  FileRole role = FileRole::kSingle;
};

// `file_name` without directories. Nothing for files that are not migrations: not ending in ".sql" or
// ".json" (MongoDB), or not starting with a digit.
std::optional<MigrationFileName> ParseMigrationFileName(std::string_view file_name);

}  // namespace strata
