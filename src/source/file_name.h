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

// For a name ParseMigrationFileName refuses but a person meant as a migration (Flyway's `V1__x.sql`,
// `1_x.SQL`, `x.sql` without a version, `1_x.sql.bak`): why it is not read and what name would be.
// Nothing for other files (README.md, .gitkeep, package.json).
std::optional<std::string> WhyNotAMigration(std::string_view file_name);

}  // namespace strata
