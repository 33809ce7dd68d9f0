// The command-line definition: the global options and every command, built in one place so that the
// parser, `strata help`, the reference (docs/reference.md, strata(1)) and the shell completions all
// come from the same CLI11 objects and cannot drift apart.
#pragma once

#include <memory>

#include "cli/context.h"

namespace CLI {
class App;
}

namespace strata::cli {

// The whole CLI: global options bound to `context.options`, then each command file's commands, whose
// callbacks leave their exit code in `*exit_code`. `context` and `exit_code` must outlive the App.
std::unique_ptr<CLI::App> BuildApp(Context& context, int* exit_code);

}  // namespace strata::cli
