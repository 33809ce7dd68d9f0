// `strata up --targets` and `strata status --targets`: one migration set over many databases or schemas
// (strata/fleet.h), with a live view, a summary per target, and --resume from the last run's state file.
#pragma once

#include <string>

#include "cli/context.h"

namespace CLI {
class App;
}

namespace strata::cli {

struct FleetArguments {
  std::string targets_file;   // --targets FILE
  std::string targets_query;  // --targets-query SQL
  int parallel = 0;           // --parallel N; 0 when not given (then 1)
  bool resume = false;        // --resume (up only)
  std::string state_file;     // --state FILE (up only). Default: FILE.state, or ./strata-fleet.state
  bool stop_on_error = false;  // up's --stop-on-error, which with targets also stops the fleet

  bool given() const { return !targets_file.empty() || !targets_query.empty(); }
};

// Adds --targets, --targets-query and --parallel to `command`; with `up`, also --resume and --state.
void AddFleetOptions(CLI::App& command, FleetArguments& args, bool up);

// Applies the migrations to every target; exit 1 if any target failed or was not started.
int RunFleetUp(Context& context, const FleetArguments& args, const UpOptions& options);
// The status of every target as a matrix (targets x applied, pending, failed); exit 1 if any could not
// be read.
int RunFleetStatus(Context& context, const FleetArguments& args);

}  // namespace strata::cli
