#include "drivers/duckdb/duckdb_driver.h"

#include <duckdb.h>
#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "drivers/duckdb/duckdb_connection.h"
#include "drivers/file_database.h"

namespace strata {
namespace {

// A DuckDB file begins with its headers: three blocks of 4 KiB.
constexpr uintmax_t kHeaderBytes = 3 * 4096;

// DuckDB's message when another process has the file open for writing.
bool HeldByAnotherProcess(const std::string& message) {
  return message.find("Could not set lock on file") != std::string::npos ||
         message.find("Conflicting lock") != std::string::npos;
}

// Creating a DuckDB file is not atomic: DuckDB creates the file, then locks it, then writes its headers. A
// process that opens the file in between reads an empty file as an invalid database, and the creator, finding
// the file locked, gives up and leaves it empty for good. So strata creates files one at a time, under a lock
// on their directory, and there removes an empty file that no process has open (an empty file holds nothing).
class CreationLock {
 public:
  CreationLock() = default;
  ~CreationLock() { Release(); }
  CreationLock(const CreationLock&) = delete;
  CreationLock& operator=(const CreationLock&) = delete;

  // False while another runner holds it. A directory that cannot be opened goes unlocked, as before.
  bool Acquire(const std::filesystem::path& file) {
    Release();
    directory_ = open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return directory_ < 0 || flock(directory_, LOCK_EX | LOCK_NB) == 0;
  }
  void Release() {
    if (directory_ >= 0) close(directory_);
    directory_ = -1;
  }

 private:
  int directory_ = -1;
};

bool LockedByAnotherProcess(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock probe = {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  const bool locked = fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  close(fd);
  return locked;
}

// One instance per file in this process (see duckdb_connection.h); memory databases are each their own.
duckdb_state Open(const std::string& path, duckdb_database* database, char** error) {
  if (path == ":memory:") return duckdb_open_ext(nullptr, database, nullptr, error);
  static duckdb_instance_cache cache = duckdb_create_instance_cache();
  return duckdb_get_or_create_from_cache(cache, path.c_str(), database, nullptr, error);
}

class Duckdb final : public Driver {
 public:
  std::string name() const override { return "duckdb"; }
  std::vector<std::string> schemes() const override { return {"duckdb"}; }

  Result<std::unique_ptr<Connection>> Connect(const std::string& url, const ConnectOptions& options) const override {
    auto file = DatabaseFilePath(url, options, "DuckDB", "duckdb:PATH, e.g. duckdb:data/warehouse.duckdb");
    if (!file.ok()) return file.status();
    std::string path = *file;
    std::error_code ec;
    // One name per file, so that two spellings of a path share the instance and the lock.
    // Absolute first: weakly_canonical leaves a relative path to a missing file relative.
    if (path != ":memory:") path = std::filesystem::weakly_canonical(std::filesystem::absolute(path), ec).string();
    // A caller that changes nothing reads a missing file as what it would be: empty, and creates nothing.
    // An empty file is no database yet, as in SQLite: it reads as empty, and becomes one when written.
    if (!options.create_missing && path != ":memory:" &&
        (!std::filesystem::exists(path, ec) || std::filesystem::is_empty(path, ec))) {
      path = ":memory:";
    }
    // Another process holding the file is a held lock: wait for it as long as for any lock.
    const auto started = std::chrono::steady_clock::now();
    auto deadline = started + options.busy_timeout;
    for (;;) {
      CreationLock creating;
      if (path != ":memory:") {
        const auto size = std::filesystem::file_size(path, ec);
        if (ec || size == 0) {
          if (!creating.Acquire(path)) {
            if (std::chrono::steady_clock::now() >= deadline) {
              return Status(StatusCode::kLockTimeout,
                            fmt::format("another runner is creating the DuckDB file '{}'; waited {} ms. Wait for "
                                        "it, or raise --lock-timeout",
                                        path, options.busy_timeout.count()));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
          }
          if (std::filesystem::file_size(path, ec) == 0 && !ec && !LockedByAnotherProcess(path)) {
            std::filesystem::remove(path, ec);
          }
        }
      }
      duckdb_database database = nullptr;
      char* error = nullptr;
      if (Open(path, &database, &error) == DuckDBSuccess) {
        duckdb_connection connection = nullptr;
        if (duckdb_connect(database, &connection) == DuckDBError) {
          duckdb_close(&database);
          return Status(StatusCode::kDatabaseError, fmt::format("cannot connect to DuckDB database '{}'", path));
        }
        return std::unique_ptr<Connection>(new DuckdbConnection(database, connection, path, options));
      }
      std::string message = error ? error : "unknown error";
      duckdb_free(error);
      creating.Release();
      // A file that another program is still writing may lack its headers: wait briefly rather than call it
      // invalid.
      const auto size = std::filesystem::file_size(path, ec);
      const bool being_created = message.find("not a valid DuckDB database file") != std::string::npos &&
                                 (ec || size < kHeaderBytes) &&
                                 std::chrono::steady_clock::now() < started + std::chrono::seconds(2);
      if (being_created) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      if (!HeldByAnotherProcess(message)) {
        return Status(StatusCode::kDatabaseError, fmt::format("cannot open DuckDB database '{}': {}", path, message));
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        return Status(StatusCode::kLockTimeout,
                      fmt::format("the DuckDB file '{}' is open in another process, and DuckDB lets only one process "
                                  "use a file at a time (so that file is strata's lock too); waited {} ms. Stop or "
                                  "wait for that process, or raise --lock-timeout. DuckDB says: {}",
                                  path, options.busy_timeout.count(), message));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
};

}  // namespace

const Driver& DuckdbDriver() {
  static const Duckdb driver;
  return driver;
}

// The driver registers itself as its library starts: linked in (strata::duckdb asks the linker for
// strata_duckdb_driver, which pulls this file in) or loaded as a module (drivers/modules.h).
static const bool duckdb_registered = (RegisterDriver(DuckdbDriver()), true);

}  // namespace strata

extern "C" const strata::Driver* strata_duckdb_driver() {
  (void)strata::duckdb_registered;
  return &strata::DuckdbDriver();
}
