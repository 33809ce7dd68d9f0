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

}  // namespace

Result<MigrationSet> LoadMigrations(const std::string& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("migrations directory '{}' does not exist; create it (strata new NAME does) or "
                              "point --dir / STRATA_DIR at it",
                              directory));
  }
  // Only files whose names are migrations' are read: a README is not opened, let alone parsed.
  std::vector<MigrationFile> files;
  std::vector<std::string> errors;
  fs::directory_iterator it(directory, ec), end;
  if (ec) return Status(StatusCode::kIoError, fmt::format("cannot list '{}': {}", directory, ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec) return Status(StatusCode::kIoError, fmt::format("cannot list '{}': {}", directory, ec.message()));
    std::string name = it->path().filename().string();
    if (!ParseMigrationFileName(name) || !it->is_regular_file(ec)) continue;
    auto content = ReadFile(it->path());
    if (!content.ok()) {
      errors.push_back(content.status().message());
      continue;
    }
    files.push_back({std::move(name), std::move(*content)});
  }
  if (!errors.empty()) {
    std::sort(errors.begin(), errors.end());
    std::string message = errors[0];
    for (size_t i = 1; i < errors.size(); ++i) message += "\n" + errors[i];
    return Status(StatusCode::kInvalidMigration, message + "\nnothing was applied; fix the file(s) and run again");
  }
  std::string origin = directory;
  while (origin.size() > 1 && origin.back() == '/') origin.pop_back();
  return LoadMigrations(files, origin);
}

}  // namespace strata
