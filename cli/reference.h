// The command reference, rendered from the command-line definition (cli/command_tree.h): Markdown for
// docs/reference.md and roff for the man page strata(1). `strata __reference markdown|man` prints them;
// a test fails when docs/reference.md differs from what the binary prints.
#pragma once

#include <string>

#include "cli/command_tree.h"

namespace strata::cli {

// docs/reference.md: usage, the global options, then every command with its arguments and options.
std::string MarkdownReference(const CommandInfo& root);

// strata(1) in the man(7) macros, for `man strata`; `release` is strata's version ("0.1.0").
std::string ManPage(const CommandInfo& root, const std::string& release);

}  // namespace strata::cli
