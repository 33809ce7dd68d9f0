// Shell completion scripts for bash, zsh and fish, rendered from the command-line definition
// (cli/command_tree.h): `strata completion bash|zsh|fish` prints them. They complete commands, each
// command's options and the global ones, and migration versions: for an argument or option whose value
// is a VERSION they run `strata [--dir D] [--config F] __complete versions`, which lists the versions
// in the configured migrations directory without touching the database.
#pragma once

#include <optional>
#include <string>

#include "cli/command_tree.h"

namespace strata::cli {

// The script for `shell` ("bash", "zsh" or "fish"); nothing for another shell.
std::optional<std::string> CompletionScript(const CommandInfo& root, const std::string& shell);

}  // namespace strata::cli
