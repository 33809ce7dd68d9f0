// Drivers as modules. The strata command carries SQLite and loads each other driver from its own shared
// object (libstrata-<name>.so, which links that database's client library) on the first URL that needs it:
// a run on SQLite never maps libpq, libmariadb, libmongoc or DuckDB, and starts in a few milliseconds.
// A module finds libstrata's functions in the program that loads it, so only a program that exports them
// (CMake: ENABLE_EXPORTS, and libstrata linked whole) may load modules; a program embedding libstrata
// links the drivers it uses instead (strata::postgres, ...), and each registers itself as it starts.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "strata/status.h"

namespace strata {

// A driver strata knows by name, whether or not this program has it yet.
struct KnownDriver {
  std::string name;            // "postgres": its module is libstrata-postgres.so, its library strata::postgres
  std::string label;           // "PostgreSQL", for messages
  std::vector<std::string> schemes;
  std::string client_package;  // the Debian package of its client library; empty when strata ships it
  std::string kind = "driver";  // "module" for a part of strata that is no driver (the HTTP server)
};
const std::vector<KnownDriver>& KnownDrivers();

// Loads the driver's module, whose start registers the driver (RegisterDriver); a failure says what is
// missing and how to get it. FindDriver calls it, under the registry's lock, for a known scheme that no
// registered driver serves.
using ModuleLoader = std::function<Status(const KnownDriver&)>;
void SetModuleLoader(ModuleLoader loader);

// Loads a module that is no driver (libstrata-<name>.so, e.g. the HTTP server of `strata serve`) the way
// FindDriver loads a driver's; kUnsupported, naming what to link, in a program that loads no modules.
Status LoadModule(const KnownDriver& module);

// Lets FindDriver load modules from the first of `directories` that holds one.
// REQUIRES: the program exports libstrata's symbols (see above).
void LoadDriverModulesFrom(std::vector<std::string> directories);

// The strata command's module directories: those of $STRATA_DRIVER_PATH (colon-separated) when set,
// else the installed place relative to the executable (../lib/strata/drivers) and, in a build tree,
// drivers/ beside it.
std::vector<std::string> DefaultModuleDirectories();

}  // namespace strata
