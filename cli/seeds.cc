#include "cli/seeds.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "source/file_name.h"
#include "strata/source.h"

namespace strata::cli {
namespace fs = std::filesystem;
namespace {

// An environment names a folder inside the seeds directory, never a path out of it.
bool IsFolderName(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

// Versions of the files in the seeds directory's sub-folders other than `environment`'s. Only names are
// read: another environment's files are none of this run's business, even broken ones.
std::map<std::string, std::string> OtherEnvironments(const std::string& directory, const std::string& environment) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (fs::directory_iterator folder(directory, ec), end; !ec && folder != end; folder.increment(ec)) {
    std::error_code type_error;
    if (!folder->is_directory(type_error) || folder->path().filename() == environment) continue;
    std::error_code inner;
    for (fs::directory_iterator file(folder->path(), inner); !inner && file != end; file.increment(inner)) {
      if (auto name = ParseMigrationFileName(file->path().filename().string())) {
        out.emplace(name->version.number(), folder->path().string());
      }
    }
  }
  return out;
}

}  // namespace

std::string SeedsTable(const std::string& history_table) { return history_table + "_seeds"; }

Result<SeedSet> LoadSeeds(const std::string& directory, const std::string& environment) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    return Status(StatusCode::kInvalidArgument,
                  fs::exists(directory, ec)
                      ? fmt::format("the seeds directory '{}' is a file, not a directory; point --seeds-dir, "
                                    "STRATA_SEEDS_DIR or seeds_dir in strata.toml at the directory of the seeds",
                                    directory)
                      : fmt::format("seeds directory '{}' does not exist; create it and put the seed files there "
                                    "(one environment's in '{}/<env>/'), or point --seeds-dir, STRATA_SEEDS_DIR or "
                                    "seeds_dir in strata.toml at it",
                                    directory, directory));
  }
  if (!environment.empty() && !IsFolderName(environment)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("environment '{}' cannot name a seeds folder; use a plain name such as development "
                              "(letters, digits, '_', '-' and '.')",
                              environment));
  }
  SeedSet seeds;
  seeds.directory = directory;
  seeds.environment = environment;
  auto shared = LoadMigrations(directory);
  if (!shared.ok()) return shared.status();
  seeds.set = std::move(*shared);
  if (!environment.empty()) {
    seeds.environment_directory = (fs::path(directory) / environment).string();
    if (fs::is_directory(seeds.environment_directory, ec)) {
      auto own = LoadMigrations(seeds.environment_directory);
      if (!own.ok()) return own.status();
      for (Migration& m : own->migrations) seeds.set.migrations.push_back(std::move(m));
      for (std::string& w : own->warnings) seeds.set.warnings.push_back(std::move(w));
    }
  }
  // Shared and environment files form one sequence: the engine applies it in version order.
  std::vector<Migration>& all = seeds.set.migrations;
  std::stable_sort(all.begin(), all.end(),
                   [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 1; i < all.size(); ++i) {
    if (!(all[i - 1].version == all[i].version)) continue;
    return Status(StatusCode::kInvalidMigration,
                  fmt::format("seed version {} is used twice: {} and {}; give one of them another version. Nothing "
                              "was run",
                              all[i].version.text(), all[i - 1].paths[0], all[i].paths[0]))
        .set_location({all[i].paths[0], 0});
  }
  seeds.elsewhere = OtherEnvironments(directory, environment);
  return seeds;
}

}  // namespace strata::cli
