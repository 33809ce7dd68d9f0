// What `strata new` writes: the blank file of a format, or a template (source/template_catalog.h) filled in
// (source/template_fill.h), under the next version of the directory.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>

#include "core/clock.h"
#include "source/file_name.h"
#include "source/template_catalog.h"
#include "source/template_fill.h"
#include "strata/source.h"

namespace strata {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTemplate = R"(-- strata:up
-- Statements that apply the change. Each migration runs in its own transaction.


-- strata:down
-- Statements that undo it, in reverse order. Delete this section if it cannot be undone.

)";

// MongoDB's: commands as Extended JSON (see source/json_migration.cc).
constexpr const char* kJsonTemplate = R"({
  "description": "What the migration does. Commands run in order with runCommand; delete \"down\" if it cannot be undone.",
  "up": [
  ],
  "down": [
  ]
}
)";

// `number` + 1, zero-padded to `width` digits at least.
std::string Increment(const std::string& number, size_t width) {
  std::string digits = number;
  int i = static_cast<int>(digits.size()) - 1;
  while (i >= 0 && digits[i] == '9') digits[i--] = '0';
  if (i < 0) {
    digits.insert(digits.begin(), '1');
  } else {
    ++digits[i];
  }
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

}  // namespace

Result<std::string> CreateMigrationFile(const std::string& directory, const std::string& name, bool sequential,
                                        MigrationFormat format) {
  NewMigrationOptions options;
  options.sequential = sequential;
  options.format = format;
  return CreateMigrationFile(directory, name, options);
}

Result<std::string> CreateMigrationFile(const std::string& directory, const std::string& name,
                                        const NewMigrationOptions& options) {
  std::string clean = name;
  std::replace(clean.begin(), clean.end(), ' ', '_');
  auto allowed = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; };
  bool valid = !clean.empty() && clean[0] != '-' && clean[0] != '.' && std::all_of(clean.begin(), clean.end(), allowed);
  if (!valid || clean.ends_with(".up") || clean.ends_with(".down")) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("migration name '{}' may only hold letters, digits, '_', '-' and '.'", name));
  }
  // Everything that can fail on what was asked (the template, its placeholders) fails before anything
  // is made on disk.
  std::optional<ResolvedTemplate> chosen;
  if (!options.template_name.empty()) {
    if (options.dialect.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    "templates are per database: say which (postgres, mysql, sqlite, duckdb or mongodb)");
    }
    const std::string templates = options.templates_directory.empty() ? TemplatesDirectoryFor(directory)
                                                                      : options.templates_directory;
    auto resolved = ResolveTemplate(options.dialect, templates, options.template_name);
    if (!resolved.ok()) return resolved.status();
    chosen = std::move(*resolved);
  }
  const bool json = chosen ? chosen->json : options.format == MigrationFormat::kMongoJson;

  const fs::path subfolder = fs::path(options.subfolder).lexically_normal();
  if (!options.subfolder.empty() &&
      (subfolder.is_absolute() || subfolder.empty() || *subfolder.begin() == ".." || subfolder == ".")) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("the subfolder '{}' must be a path inside the migrations directory, e.g. 2026/11",
                              options.subfolder));
  }

  std::error_code ec;
  std::optional<Version> newest;
  size_t width = 3;
  // Every folder that is read counts, so that a new version follows all of them.
  fs::recursive_directory_iterator entries(directory, ec), end;  // none yet when it is missing
  for (; !ec && entries != end; entries.increment(ec)) {
    const std::string file_name = entries->path().filename().string();
    std::error_code type_error;
    if (entries->is_directory(type_error) && (!options.recursive || file_name.starts_with('.'))) {
      entries.disable_recursion_pending();
    }
    auto parsed = ParseMigrationFileName(file_name);
    if (parsed && (!newest || *newest < parsed->version)) {
      newest = parsed->version;
      width = parsed->version.text().size();
    }
  }
  ec.clear();
  std::string version;
  if (options.sequential) {
    // After a dotted (Flyway) version, the next whole number: 1.2 -> 2.
    version = Increment(newest ? newest->number().substr(0, newest->number().find('.')) : "0", width);
  } else {
    version = NowVersion();
    if (newest && !(*newest < *Version::Parse(version))) {
      version = Increment(newest->number().substr(0, newest->number().find('.')), version.size());
    }
  }

  std::string text = json ? kJsonTemplate : kTemplate;
  std::string origin = "the blank template";
  if (chosen) {
    auto filled = FillTemplate(chosen->text, TemplateValues(clean, version, options.description, options.values),
                               json, chosen->origin);
    if (!filled.ok()) return filled.status();
    text = std::move(*filled);
    origin = chosen->origin;
  }
  auto described = WithDescription(std::move(text), options.description, json, origin);
  if (!described.ok()) return described.status();

  ec.clear();
  const fs::path folder = options.subfolder.empty() ? fs::path(directory) : fs::path(directory) / subfolder;
  fs::create_directories(folder, ec);
  if (ec) return Status(StatusCode::kIoError, fmt::format("cannot create '{}': {}", folder.string(), ec.message()));
  fs::path path = folder / fmt::format("{}_{}.{}", version, clean, json ? "json" : "sql");
  if (fs::exists(path, ec)) return Status(StatusCode::kIoError, fmt::format("'{}' already exists", path.string()));
  std::ofstream file(path);
  file << *described;
  file.close();
  if (!file) return Status(StatusCode::kIoError, fmt::format("cannot write '{}'", path.string()));
  return path.string();
}

}  // namespace strata
