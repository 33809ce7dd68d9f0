#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "source/file_name.h"
#include "source/loader.h"
#include "strata/source.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

Result<std::string> ReadFile(const std::string& path) {
  auto fail = [&](int err) {
    return Status(StatusCode::kInvalidMigration,
                  fmt::format("{}: cannot read the file ({}); check that it exists and is readable", path,
                              strerror(err)));
  };
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(errno);
  // Migrations are small: one read into a buffer usually holds the whole file, with no stat first.
  thread_local char buffer[1 << 16];
  std::string content;
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      close(fd);
      return fail(err);
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
    if (static_cast<size_t>(n) < sizeof(buffer)) break;  // a short read of a regular file is its end
  }
  close(fd);
  return content;
}

}  // namespace

Result<MigrationSet> LoadMigrations(const std::string& directory) { return LoadMigrations(directory, {}); }

Result<MigrationSet> LoadMigrations(const std::string& directory, const DirectoryOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    bool exists = fs::exists(directory, ec);
    return Status(StatusCode::kInvalidArgument,
                  exists ? fmt::format("the migrations directory '{}' is a file, not a directory; point --dir / "
                                       "STRATA_DIR at the directory that holds the migrations",
                                       directory)
                         : fmt::format("migrations directory '{}' does not exist; create it (strata new NAME does) "
                                       "or point --dir / STRATA_DIR at it",
                                       directory));
  }
  std::string origin = directory;
  while (origin.size() > 1 && origin.back() == '/') origin.pop_back();
  // Only files whose names are migrations' are read: a README is not opened, let alone parsed. Names
  // in subfolders are kept as relative paths (2026/11/<version>_x.sql).
  std::vector<std::string> names;
  fs::recursive_directory_iterator it(directory, ec), end;
  if (ec) return Status(StatusCode::kIoError, fmt::format("cannot list '{}': {}", directory, ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec) return Status(StatusCode::kIoError, fmt::format("cannot list '{}': {}", directory, ec.message()));
    std::string name = it->path().filename().string();
    std::string relative = it->path().lexically_relative(directory).generic_string();
    std::error_code type_error;
    const bool folder = it->is_directory(type_error) && !it->is_symlink(type_error);
    if (folder) {
      // Entered only when asked to, and never a hidden one (.git); a folder named like a migration is
      // refused below either way.
      if (!options.recursive || name.starts_with('.')) it.disable_recursion_pending();
    }
    if (!ParseMigrationFileName(name)) {
      if (!folder && WhyNotAMigration(name)) names.push_back(std::move(relative));  // for its warning
      continue;
    }
    // Named like a migration, so never skipped in silence: later versions would be applied past it.
    type_error.clear();
    if (!it->is_regular_file(type_error)) {
      std::string what = it->is_symlink()
                             ? fmt::format("a symbolic link that leads to no readable file ({})",
                                           type_error ? type_error.message() : "broken or looping")
                             : (folder ? "a directory" : "not a regular file");
      return Status(StatusCode::kInvalidMigration,
                    fmt::format("{}/{} is named like a migration but is {}; fix or remove it. Nothing was applied",
                                origin, relative, what));
    }
    names.push_back(std::move(relative));
  }
  std::unique_ptr<FactsCache> cache = options.facts_only ? FactsCache::For(origin) : nullptr;
  auto set = LoadNamedFiles(names, origin, [](size_t, const std::string& path) { return ReadFile(path); },
                            cache.get(), options.facts_only);
  if (set.ok() && cache) cache->Save();
  return set;
}

Status ReadMigrationTexts(MigrationSet& set, const std::function<bool(const Migration&)>& wanted) {
  // Each path is the directory's, then '/', then the name LoadMigrations listed.
  const size_t prefix = set.directory.size() + 1;
  std::vector<std::string> names;
  for (const Migration& m : set.migrations) {
    if (m.text_read || !wanted(m)) continue;
    for (const std::string& path : m.paths) names.push_back(path.substr(std::min(prefix, path.size())));
  }
  if (names.empty()) return Status::Ok();
  auto read = LoadNamedFiles(names, set.directory, [](size_t, const std::string& path) { return ReadFile(path); });
  if (!read.ok()) return read.status();
  for (Migration& fresh : read->migrations) {
    auto it = std::lower_bound(set.migrations.begin(), set.migrations.end(), fresh.version,
                               [](const Migration& m, const Version& v) { return m.version < v; });
    if (it != set.migrations.end() && it->version == fresh.version) *it = std::move(fresh);
  }
  return Status::Ok();
}

}  // namespace strata
