// strata: the command line. Parses, then hands each command to its own file.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/app.h"
#include "cli/context.h"
#include "cli/suggest.h"
#include "drivers/modules.h"
#include "strata/release.h"

int main(int argc, char** argv) {
  using namespace strata::cli;
  // Databases other than SQLite: their drivers load on the first URL that needs one.
  strata::LoadDriverModulesFrom(strata::DefaultModuleDirectories());
  Context context;
  int exit_code = kExitOk;

  std::unique_ptr<CLI::App> built = BuildApp(context, &exit_code);
  CLI::App& app = *built;
  GlobalOptions& g = context.options;

  // `strata`, `strata help [COMMAND]`, `strata version`, and a command that does not exist are answered
  // before CLI11 parses: it would only say "A subcommand is required".
  std::vector<std::string> commands;
  std::vector<std::string> shown;  // hidden commands (`__complete`) are never suggested
  CLI::App* about = nullptr;
  std::optional<CommandWord> word = FindCommandWord(argc, argv, app);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
    if (!sub->get_group().empty()) shown.push_back(sub->get_name());
    if (word && sub->get_name() == word->next) about = sub;
  }
  if (!word && argc == 1) {
    std::cout << app.help();
    return kExitUsage;
  }
  if (!word) {
    bool asked = false;  // --help and --version are CLI11's to answer
    for (int i = 1; i < argc; ++i) asked = asked || std::string_view(argv[i]) == "--help" ||
                                           std::string_view(argv[i]) == "-h" || std::string_view(argv[i]) == "--version";
    if (!asked) {
      std::cerr << "error: no command given; `strata help` lists the commands, e.g. `strata status`\n";
      return kExitUsage;
    }
  }
  if (word && word->text == "version") {
    std::cout << "strata " << strata::kRelease << "\n";
    return kExitOk;
  }
  if (word && word->text == "help") {
    std::cout << (about ? about->help() : app.help());
    return kExitOk;
  }
  if (word && std::find(commands.begin(), commands.end(), word->text) == commands.end()) {
    std::string closest = ClosestCommand(word->text, shown);
    std::cerr << fmt::format("error: unknown command '{}'{}; `strata help` lists the commands\n", word->text,
                             closest.empty() ? "" : fmt::format(" (did you mean '{}'?)", closest));
    return kExitUsage;
  }

  // Options are parsed before any callback runs, so --json is known when a command prints.
  app.parse_complete_callback([&] { context.out.json = g.json; });
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return exit_code;
}
