// Shared by the commands that change the database: argument parsing and reporting a run.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "cli/context.h"

namespace CLI {
class Validator;
}

namespace strata::cli {

// A version from the command line, or kInvalidArgument.
Result<Version> ParseVersionArgument(const std::string& text, const char* what);

// Accepts a whole number from 0 to 2^31-1, and says so plainly otherwise (for --count, --limit).
const CLI::Validator& WholeNumber();

// Asks on the terminal; anything but y/yes is no.
bool Confirm(const std::string& question);

// Prints the report (table or JSON) and returns the exit code: 1 if a step failed.
int ReportRun(Context& context, const Result<RunReport>& report);

// ReportRun, then, after a run that changed something, writes the schema to --dump FILE or the
// configuration's dump_after_up.
int ReportChange(Context& context, Engine& engine, const Result<RunReport>& report, bool dry_run);
// Loads the migrations, opens the database, runs `change` and reports it: the shape of every command
// that applies or reverts.
// `change` may take the set over (Engine::Up(MigrationSet&&)). `facts_only`: the set is loaded as for a
// report, and the engine reads what it will run (see PlanAndRun): a no-op run opens no file.
int RunChange(Context& context, const std::function<Result<RunReport>(Engine&, MigrationSet&)>& change,
              bool dry_run = false, bool facts_only = false);

}  // namespace strata::cli
