#include "source/file_name.h"

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

}  // namespace strata
