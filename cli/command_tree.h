// The command-line definition as plain data: every command, its arguments and options, read from the
// CLI11 objects BuildApp makes (cli/app.h). The reference (docs/reference.md, strata(1)) and the shell
// completions are rendered from this, so none of them keeps its own copy of the options.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace strata::cli {

// One option or positional argument.
struct OptionInfo {
  std::vector<std::string> names;  // "--yes", "-y"; empty for a positional argument
  std::string positional;          // the argument's name ("version"); "" for an option
  std::string value;               // what it takes ("VERSION", "TEXT", "FLOAT"); "" for a flag
  std::string description;
  std::string default_value;  // "" when the help shows none
  bool required = false;
  bool repeatable = false;

  // Options whose value is a migration version (`--to`), which the completions fill from the directory.
  bool TakesVersion() const { return value == "VERSION"; }
  // "--to VERSION", "--yes, -y", "version"
  std::string Synopsis() const;
};

struct CommandInfo {
  std::string path;  // "lock break"; "" for strata itself
  std::string description;
  std::vector<OptionInfo> options;      // for strata itself: the global options
  std::vector<OptionInfo> positionals;  // in order
  std::vector<CommandInfo> subcommands;
  bool needs_subcommand = false;  // `lock` alone does nothing

  // "strata lock break [OPTIONS] version"
  std::string Usage() const;
  // This command and every command under it, depth first, this one first.
  std::vector<const CommandInfo*> Flatten() const;
};

// The tree under `app`. Hidden commands (`__complete`) are left out, and so is each command's own
// --help, which every command has.
CommandInfo DescribeCommands(const CLI::App& app);

}  // namespace strata::cli
