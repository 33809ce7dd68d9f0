#include "source/file_name.h"

#include <fmt/format.h>

#include <cctype>

namespace strata {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<MigrationFileName> ParseMigrationFileName(std::string_view file_name) {
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
  if (prefix == 'R' && stem.substr(1, 2) == "__") {
    return fmt::format("{} is not read: Flyway's repeatable migrations are not supported; give it a version "
                       "(e.g. 20260101000000_{}.sql) and rerun it as a new migration when it changes",
                       file_name, stem.substr(3));
  }
  const bool flyway_version = separator != std::string_view::npos && separator > 1 &&
                              std::isdigit(static_cast<unsigned char>(stem[1])) &&
                              stem.substr(1, separator - 1).find_first_not_of("0123456789._") == std::string_view::npos;
  if ((prefix == 'V' || prefix == 'U') && flyway_version) {
    std::string version(stem.substr(1, separator - 1));
    std::erase_if(version, [](char c) { return c == '.' || c == '_'; });
    std::string renamed = fmt::format("{}_{}.sql", version, stem.substr(separator + 2));
    if (prefix == 'U') {
      return fmt::format("{} is not read: Flyway's undo migrations are not supported as files of their own; put its "
                         "statements under '-- strata:down' in {}",
                         file_name, renamed);
    }
    return fmt::format("{} is not read: Flyway's naming; rename it to {} (add '-- strata:up' above its statements)",
                       file_name, renamed);
  }
  return fmt::format("{} is not read: a migration's name starts with its version; rename it to e.g. "
                     "20260101000000_{}",
                     file_name, file_name);
}

}  // namespace strata
