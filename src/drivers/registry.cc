// The drivers strata knows, by URL scheme. SQLite is built in; the others register themselves when their
// library is linked in (strata::postgres, ...) or, in the strata command, when their module is loaded on the
// first URL that needs it (drivers/modules.h), so a run on SQLite never maps libpq, libmariadb, libmongoc or
// DuckDB. Adding a database: its folder under src/drivers/, a line in kKnownDrivers, a block in CMakeLists.txt.
#include <fmt/format.h>

#include <mutex>  // std::recursive_mutex

#include "drivers/modules.h"
#include "drivers/sqlite/sqlite_driver.h"
#include "strata/driver.h"

namespace strata {
namespace {

struct Registry {
  std::recursive_mutex mutex;  // recursive: a module being loaded registers itself
  std::vector<const Driver*> drivers{&SqliteDriver()};
  ModuleLoader loader;
};

Registry& TheRegistry() {
  static Registry registry;
  return registry;
}

const Driver* Registered(const std::vector<const Driver*>& drivers, std::string_view scheme) {
  for (const Driver* driver : drivers) {
    for (const std::string& s : driver->schemes()) {
      if (s == scheme) return driver;
    }
  }
  return nullptr;
}

}  // namespace

const std::vector<KnownDriver>& KnownDrivers() {
  static const std::vector<KnownDriver> known = {
      {"sqlite", "SQLite", {"sqlite", "sqlite3"}, "libsqlite3-0"},
      {"postgres", "PostgreSQL", {"postgres", "postgresql"}, "libpq5"},
      {"mysql", "MySQL/MariaDB", {"mysql", "mariadb"}, "libmariadb3"},
      {"mongodb", "MongoDB", {"mongodb", "mongodb+srv"}, "libmongoc-1.0-0"},
      {"duckdb", "DuckDB", {"duckdb"}, ""},  // libduckdb.so ships with strata
  };
  return known;
}

void RegisterDriver(const Driver& driver) {
  Registry& registry = TheRegistry();
  std::lock_guard guard(registry.mutex);
  for (const Driver* d : registry.drivers) {
    if (d == &driver) return;
  }
  registry.drivers.push_back(&driver);
}

void SetModuleLoader(ModuleLoader loader) {
  Registry& registry = TheRegistry();
  std::lock_guard guard(registry.mutex);
  registry.loader = std::move(loader);
}

Status LoadModule(const KnownDriver& module) {
  ModuleLoader loader;
  {
    Registry& registry = TheRegistry();
    std::lock_guard guard(registry.mutex);
    loader = registry.loader;
  }
  if (!loader) {
    return Status(StatusCode::kUnsupported, fmt::format("this program was built without strata's {}: link "
                                                        "strata::{} (or strata::strata) into it",
                                                        module.label, module.name));
  }
  return loader(module);
}

std::vector<const Driver*> Drivers() {
  Registry& registry = TheRegistry();
  std::lock_guard guard(registry.mutex);
  return registry.drivers;
}

Result<const Driver*> FindDriver(const std::string& url) {
  size_t colon = url.find(':');
  std::string scheme = colon == std::string::npos ? "" : url.substr(0, colon);
  Registry& registry = TheRegistry();
  // Held while a module loads: two threads asking for the same driver load it once.
  std::lock_guard guard(registry.mutex);
  if (const Driver* driver = Registered(registry.drivers, scheme)) return driver;
  std::string known;
  for (const KnownDriver& k : KnownDrivers()) {
    for (const std::string& s : k.schemes) {
      known += fmt::format("{}{}:", known.empty() ? "" : ", ", s);
      if (s != scheme) continue;
      if (!registry.loader) {
        return Status(StatusCode::kInvalidArgument,
                      fmt::format("this program was built without strata's {} driver, which '{}' needs: link "
                                  "strata::{} (or strata::strata) into it",
                                  k.label, RedactUrl(url), k.name));
      }
      Status loaded = registry.loader(k);  // runs the module's own RegisterDriver
      if (!loaded.ok()) return loaded;
      if (const Driver* driver = Registered(registry.drivers, scheme)) return driver;
      return Status(StatusCode::kUnsupported,
                    fmt::format("strata's {} driver module loaded but registered no driver for '{}:' URLs; "
                                "reinstall strata",
                                k.label, scheme));
    }
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("no driver for database URL '{}'; known schemes: {} (for example sqlite:app.db)",
                            RedactUrl(url), known));
}

}  // namespace strata
