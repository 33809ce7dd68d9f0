#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "core/text.h"
#include "source/file_name.h"
#include "strata/source.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

Result<std::string> ReadFile(const fs::path& path) {
  auto fail = [&](int err) {
    return Status(StatusCode::kInvalidMigration,
                  fmt::format("{}: cannot read the file ({}); check that it exists and is readable", path.string(),
                              strerror(err)));
  };
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(errno);
  std::string content;
  struct stat st;
  if (fstat(fd, &st) == 0 && st.st_size > 0) content.reserve(static_cast<size_t>(st.st_size));
  char buffer[65536];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      close(fd);
      return fail(err);
    }
    content.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return content;
}

// The files of one version, before they are combined into a migration.
struct VersionFiles {
  std::vector<std::pair<MigrationFileName, fs::path>> files;
};

Result<Migration> ParsePair(const fs::path& up_path, const std::string& up_text,
                            const fs::path* down_path, const std::string* down_text,
                            const MigrationFileName& name) {
  for (auto [path, text] : {std::pair{&up_path, &up_text}, std::pair{down_path, down_text}}) {
    if (!path) continue;
    if (size_t bad = FindInvalidUtf8(*text); bad != std::string::npos) {
      Status s(StatusCode::kInvalidMigration, fmt::format("not valid UTF-8 (byte {}); save the file as UTF-8", bad));
      s.set_location({path->string(), LineOfOffset(*text, bad)});
      return s;
    }
  }
  Migration m;
  m.version = name.version;
  m.name = name.name;
  m.format = MigrationFormat::kGolangMigrate;
  m.paths = {up_path.string()};
  m.up.text = up_text;
  m.up.path = up_path.string();
  std::string hashed = up_text;
  if (down_path) {
    m.paths.push_back(down_path->string());
    m.down.emplace();
    m.down->text = *down_text;
    m.down->path = down_path->string();
    // The NUL keeps "a"+"bc" and "ab"+"c" apart.
    hashed += '\0';
    hashed += *down_text;
  }
  for (Section* s : {&m.up, m.down ? &*m.down : nullptr}) {
    if (s && s->text.substr(0, 3) == "\xEF\xBB\xBF") s->text.erase(0, 3);
  }
  m.checksum = Checksum(hashed);
  return m;
}

Result<Migration> LoadVersion(const Version& version, const VersionFiles& group) {
  const auto& files = group.files;
  const fs::path *single = nullptr, *up = nullptr, *down = nullptr;
  const MigrationFileName* up_name = nullptr;
  for (const auto& [name, path] : files) {
    if (name.role == FileRole::kSingle) single = &path;
    if (name.role == FileRole::kUp) up = &path, up_name = &name;
    if (name.role == FileRole::kDown) down = &path;
  }
  bool pair_names_match = files.size() == 2 && up && down && files[0].first.name == files[1].first.name;
  if (files.size() > 1 && !pair_names_match) {
    std::string list;
    for (const auto& [name, path] : files) list += fmt::format("\n  {}", path.string());
    return Status(StatusCode::kInvalidMigration,
                  fmt::format("version {} is used by {} files; versions must be unique, rename all but one:{}",
                              version.text(), files.size(), list));
  }
  if (single) {
    auto text = ReadFile(*single);
    if (!text.ok()) return text.status();
    return ParseMigrationFile(single->string(), *text);
  }
  if (!up) {
    return Status(StatusCode::kInvalidMigration,
                  fmt::format("{}: a down file without its up file; add the matching .up.sql file",
                              down->string()));
  }
  auto up_text = ReadFile(*up);
  if (!up_text.ok()) return up_text.status();
  std::string down_text;
  if (down) {
    auto text = ReadFile(*down);
    if (!text.ok()) return text.status();
    down_text = std::move(*text);
  }
  return ParsePair(*up, *up_text, down, down ? &down_text : nullptr, *up_name);
}

}  // namespace

const Migration* MigrationSet::Find(const Version& version) const {
  auto it = std::lower_bound(migrations.begin(), migrations.end(), version,
                             [](const Migration& m, const Version& v) { return m.version < v; });
  return it != migrations.end() && it->version == version ? &*it : nullptr;
}

Result<MigrationSet> LoadMigrations(const std::string& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("migrations directory '{}' does not exist; create it (strata new NAME does) or "
                              "point --dir / STRATA_DIR at it",
                              directory));
  }
  // Keyed by the version's number, so "001" and "1" collide as they should.
  std::map<std::string, std::pair<Version, VersionFiles>> by_version;
  fs::directory_iterator it(directory, ec), end;
  if (ec) {
    return Status(StatusCode::kIoError, fmt::format("cannot list '{}': {}", directory, ec.message()));
  }
  for (; it != end; it.increment(ec)) {
    if (ec) return Status(StatusCode::kIoError, fmt::format("cannot list '{}': {}", directory, ec.message()));
    std::string file_name = it->path().filename().string();
    auto name = ParseMigrationFileName(file_name);
    if (!name) continue;
    if (!it->is_regular_file(ec)) continue;
    auto& entry = by_version[name->version.number()];
    entry.first = name->version;
    entry.second.files.emplace_back(*name, it->path());
  }

  MigrationSet set;
  set.directory = directory;
  std::vector<std::string> errors;
  for (auto& [number, entry] : by_version) {
    std::sort(entry.second.files.begin(), entry.second.files.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    auto migration = LoadVersion(entry.first, entry.second);
    if (!migration.ok()) {
      errors.push_back(migration.status().ToString());
      continue;
    }
    set.migrations.push_back(std::move(*migration));
  }
  if (!errors.empty()) {
    std::string message = errors.size() == 1
                              ? errors[0]
                              : fmt::format("{} migration files are invalid:", errors.size());
    if (errors.size() > 1) {
      for (const auto& e : errors) message += "\n  " + e;
    }
    message += "\nnothing was applied; fix the file(s) and run again";
    return Status(StatusCode::kInvalidMigration, message);
  }
  std::sort(set.migrations.begin(), set.migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return set;
}

}  // namespace strata
