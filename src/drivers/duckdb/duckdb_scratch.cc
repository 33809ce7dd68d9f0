// DuckDB's scratch databases: files in the system's temporary directory (see duckdb_schema.h).
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>

#include "drivers/duckdb/duckdb_driver.h"
#include "drivers/duckdb/duckdb_schema.h"
#include "drivers/file_database.h"

namespace strata {
namespace {

constexpr const char* kDuckdbScratchPrefix = "strata_scratch_";
constexpr const char* kDuckdbScratchSuffix = ".duckdb";

}  // namespace

Result<std::string> DuckdbSchema::CreateScratch() {
  static std::atomic<int> counter{0};
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return Status(StatusCode::kIoError, "no temporary directory for a scratch DuckDB database: " + ec.message());
  std::random_device random;
  std::filesystem::path file =
      dir / fmt::format("{}{}_{}_{:x}{}", kDuckdbScratchPrefix, getpid(), ++counter, random(), kDuckdbScratchSuffix);
  if (std::filesystem::exists(file, ec)) {
    return Status(StatusCode::kIoError, fmt::format("the scratch database '{}' exists already", file.string()));
  }
  const std::string url = "duckdb://" + file.string();
  // Opened once, so that the file exists (a DuckDB file, not an empty one) and the name is taken.
  auto created = DuckdbDriver().Connect(url, {});
  if (!created.ok()) return created.status();
  return url;
}

Status DuckdbSchema::DropScratch(const std::string& url) {
  auto path = DatabaseFilePath(url, {}, "DuckDB", "the URL CreateScratch returned");
  if (!path.ok()) return path.status();
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::weakly_canonical(*path, ec);
  const std::filesystem::path dir = std::filesystem::weakly_canonical(std::filesystem::temp_directory_path(ec), ec);
  const std::string name = file.filename().string();
  const bool scratch = file.parent_path() == dir && name.rfind(kDuckdbScratchPrefix, 0) == 0 &&
                       name.size() > std::string(kDuckdbScratchSuffix).size() &&
                       name.compare(name.size() - std::string(kDuckdbScratchSuffix).size(), std::string::npos,
                                    kDuckdbScratchSuffix) == 0;
  if (!scratch) {
    return Status(StatusCode::kRefused,
                  fmt::format("'{}' is not a scratch database strata made (a file {}<...>{} in {}); not deleting it",
                              RedactUrl(url), kDuckdbScratchPrefix, kDuckdbScratchSuffix, dir.string()));
  }
  for (const std::filesystem::path& p : {file, std::filesystem::path(file.string() + ".wal")}) {
    std::filesystem::remove(p, ec);
    if (ec) return Status(StatusCode::kIoError, fmt::format("cannot delete '{}': {}", p.string(), ec.message()));
  }
  return Status::Ok();
}

}  // namespace strata
