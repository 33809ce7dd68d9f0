// What a migration file's name says: version, name, and for pairs which half it is.
//
// Names: `<digits>_<name>.sql` (strata, dbmate, goose, sql-migrate), golang-migrate's halves
// `<digits>_<name>.up.sql` / `.down.sql`, Flyway's `V<version>__<description>.sql` and its undo file
// `U<version>__<description>.sql`, whose version is dotted (`V1_2__x.sql` is version 1.2, as in Flyway).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "strata/version.h"

namespace strata {

// kUp/kDown: a golang-migrate half. kFlyway/kFlywayUndo: Flyway's V and U files.
enum class FileRole { kSingle, kUp, kDown, kFlyway, kFlywayUndo };

struct MigrationFileName {
  Version version;
  std::string name;
  FileRole role = FileRole::kSingle;
};

// `file_name` without directories. Nothing for files that are not migrations: not ending in ".sql" or
// ".json" (MongoDB), or not starting with a digit.
std::optional<MigrationFileName> ParseMigrationFileName(std::string_view file_name);

// For a name ParseMigrationFileName refuses but a person meant as a migration (`1_x.SQL`, `x.sql`
// without a version, `1_x.sql.bak`): why it is not read and what name would be.
// Nothing for other files (README.md, .gitkeep, package.json).
std::optional<std::string> WhyNotAMigration(std::string_view file_name);

// For Flyway's repeatable migrations (`R__<description>.sql`), which strata cannot read and must not
// ignore: why, and what to do. Nothing for other names.
std::optional<std::string> WhyRepeatableIsRefused(std::string_view file_name);

}  // namespace strata
