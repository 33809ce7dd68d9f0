// Shared by the commands that change the database: argument parsing and reporting a run.
#pragma once

#include <optional>
#include <string>

#include "cli/context.h"

namespace strata::cli {

// A version from the command line, or kInvalidArgument.
Result<Version> ParseVersionArgument(const std::string& text, const char* what);

// Prints the report (table or JSON) and returns the exit code: 1 if a step failed.
int ReportRun(Context& context, const Result<RunReport>& report);

}  // namespace strata::cli
