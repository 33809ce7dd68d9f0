// strata completion SHELL, and the hidden helpers behind the scripts and the reference:
// `strata __complete versions` and `strata __reference markdown|man`.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli/command_tree.h"
#include "cli/completion.h"
#include "cli/context.h"
#include "cli/reference.h"
#include "source/file_name.h"
#include "strata/release.h"

namespace strata::cli {
namespace {

// Versions and names of the migration files in the configured directory, by name alone: completion must
// be quick, need no database and work while a file is half written.
int ListVersionsForCompletion(Context& context) {
  auto config = context.config(false);
  if (!config.ok()) return context.Fail(config.status());
  std::error_code error;
  std::filesystem::recursive_directory_iterator entries(config->dir, error), end;
  if (error) {
    std::cerr << "error: cannot read the migrations directory " << config->dir << ": " << error.message()
              << "; give it with --dir or STRATA_DIR\n";
    return kExitFailed;
  }
  std::map<Version, std::string> versions;
  for (; entries != end; entries.increment(error)) {
    const std::string file = entries->path().filename().string();
    // Subfolders are read as the migration source reads them: only when recursive, never hidden ones.
    if (entries->is_directory(error) && (!config->recursive || file.starts_with('.'))) {
      entries.disable_recursion_pending();
      continue;
    }
    std::optional<MigrationFileName> name = ParseMigrationFileName(file);
    if (name) versions.emplace(name->version, name->name);
  }
  for (const auto& [version, name] : versions) std::cout << version.text() << '\t' << name << '\n';
  return kExitOk;
}

}  // namespace

void AddCompletionCommands(CLI::App& app, Context& context, int* exit_code) {
  auto shell = std::make_shared<std::string>();
  CLI::App* completion = app.add_subcommand(
      "completion", "Print the shell completion script for bash, zsh or fish (docs/building.md shows where it goes)");
  completion->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completion->callback([&app, shell, exit_code] {
    std::cout << *CompletionScript(DescribeCommands(app), *shell);
    *exit_code = kExitOk;
  });

  auto what = std::make_shared<std::string>();
  CLI::App* complete = app.add_subcommand("__complete", "What the completion scripts ask for")->group("");
  complete->add_option("what", *what, "versions: the migration versions in the directory, a tab, the name")
      ->required()
      ->check(CLI::IsMember({"versions"}));
  // The callback holds `what`: the option writes into it while parsing.
  complete->callback([&context, what, exit_code] { *exit_code = ListVersionsForCompletion(context); });

  auto format = std::make_shared<std::string>();
  CLI::App* reference = app.add_subcommand("__reference", "The command reference from this definition")->group("");
  reference->add_option("format", *format, "markdown (docs/reference.md) or man (strata.1)")
      ->required()
      ->check(CLI::IsMember({"markdown", "man"}));
  reference->callback([&app, format, exit_code] {
    CommandInfo root = DescribeCommands(app);
    std::cout << (*format == "man" ? ManPage(root, kRelease) : MarkdownReference(root));
    *exit_code = kExitOk;
  });
}

}  // namespace strata::cli
