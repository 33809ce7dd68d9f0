#include "source/file_name.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace strata {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Flyway's `V1.2__name.sql` and `U1_2__name.sql`: the version's parts are separated by '.' or '_'.
std::optional<MigrationFileName> ParseFlywayName(std::string_view file_name) {
  if (file_name.size() < 2 || (file_name[0] != 'V' && file_name[0] != 'U') || !EndsWith(file_name, ".sql")) {
    return std::nullopt;
  }
  std::string_view stem = file_name.substr(1, file_name.size() - 5);
  size_t separator = stem.find("__");
  if (separator == std::string_view::npos || separator == 0) return std::nullopt;
  std::string version(stem.substr(0, separator));
  std::replace(version.begin(), version.end(), '_', '.');
  auto parsed = Version::Parse(version);
  if (!parsed) return std::nullopt;
  MigrationFileName out;
  out.version = *parsed;
  out.name = std::string(stem.substr(separator + 2));
  out.role = file_name[0] == 'V' ? FileRole::kFlyway : FileRole::kFlywayUndo;
  return out;
}

}  // namespace

std::optional<MigrationFileName> ParseMigrationFileName(std::string_view file_name) {
  if (auto flyway = ParseFlywayName(file_name)) return flyway;
  if (file_name.empty() || file_name[0] < '0' || file_name[0] > '9') return std::nullopt;
  MigrationFileName out;
  std::string_view stem;
  if (EndsWith(file_name, ".json")) {
    stem = file_name.substr(0, file_name.size() - 5);
  } else if (EndsWith(file_name, ".sql")) {
    stem = file_name.substr(0, file_name.size() - 4);
  } else {
    return std::nullopt;
  }
  if (EndsWith(file_name, ".sql") && EndsWith(stem, ".up")) {
    out.role = FileRole::kUp;
    stem.remove_suffix(3);
  } else if (EndsWith(stem, ".down")) {
    out.role = FileRole::kDown;
    stem.remove_suffix(5);
  }
  size_t digits = stem.find_first_not_of("0123456789");
  if (digits == std::string_view::npos) digits = stem.size();
  out.version = *Version::Parse(stem.substr(0, digits));
  std::string_view rest = stem.substr(digits);
  size_t start = rest.find_first_not_of("_-.");
  out.name = start == std::string_view::npos ? "" : std::string(rest.substr(start));
  return out;
}

std::optional<std::string> WhyNotAMigration(std::string_view file_name) {
  if (file_name.empty() || file_name[0] == '.' || ParseMigrationFileName(file_name)) return std::nullopt;
  std::string lower(file_name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool versioned = std::isdigit(static_cast<unsigned char>(file_name[0]));
  const bool sql_extension = EndsWith(lower, ".sql");
  const bool json_extension = EndsWith(lower, ".json");
  if (versioned && (sql_extension || json_extension)) {
    std::string extension = sql_extension ? ".sql" : ".json";
    std::string renamed = std::string(file_name.substr(0, file_name.size() - extension.size())) + extension;
    return fmt::format("{} is not read: the extension must be lower-case '{}'; rename it to {}", file_name, extension,
                       renamed);
  }
  if (versioned && (lower.find(".sql") != std::string::npos || lower.find(".json") != std::string::npos)) {
    return fmt::format("{} is not read: only names ending in .sql (or .json for MongoDB) are migrations; remove it "
                       "if it is a copy, or rename it to end in .sql",
                       file_name);
  }
  if (!sql_extension) return std::nullopt;  // a .json without a version is more likely data than a migration
  // Flyway: V<version>__<name>.sql, U<version>__ (undo), R__<name>.sql (repeatable).
  char prefix = static_cast<char>(std::toupper(static_cast<unsigned char>(file_name[0])));
  std::string_view stem = file_name.substr(0, file_name.size() - 4);
  size_t separator = stem.find("__");
  if (auto repeatable = WhyRepeatableIsRefused(file_name)) return repeatable;
  const bool flyway_version = separator != std::string_view::npos && separator > 1 &&
                              std::isdigit(static_cast<unsigned char>(stem[1])) &&
                              stem.substr(1, separator - 1).find_first_not_of("0123456789._") == std::string_view::npos;
  if ((prefix == 'V' || prefix == 'U') && flyway_version) {
    // Read when the prefix is upper-case, as Flyway writes it; `v1__x.sql` is a near miss.
    if (file_name[0] == prefix) {
      return fmt::format("{} is not read: a Flyway version is numbers separated by single '.' or '_' (V1.2__x.sql, "
                         "V1_2__x.sql); rename it",
                         file_name);
    }
    return fmt::format("{} is not read: Flyway's prefix is an upper-case '{}'; rename it to {}{}", file_name, prefix,
                       prefix, file_name.substr(1));
  }
  return fmt::format("{} is not read: a migration's name starts with its version; rename it to e.g. "
                     "20260101000000_{}",
                     file_name, file_name);
}

std::optional<std::string> WhyRepeatableIsRefused(std::string_view file_name) {
  if (file_name.size() < 7 || (file_name[0] != 'R' && file_name[0] != 'r') || file_name.substr(1, 2) != "__" ||
      !EndsWith(file_name, ".sql")) {
    return std::nullopt;
  }
  return fmt::format("{}: Flyway's repeatable migrations (R__) are not supported: strata runs each migration once. "
                     "Give it a version (rename it to e.g. 20260101000000_{}) and, when it changes, add a new "
                     "migration with the new text; or move it out of the migrations directory",
                     file_name, file_name.substr(3));
}

}  // namespace strata
