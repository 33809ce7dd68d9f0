#include "cli/suggest.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>

namespace strata::cli {

std::optional<CommandWord> FindCommandWord(int argc, char** argv, const CLI::App& app) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") return std::nullopt;
    if (arg.size() > 1 && arg[0] == '-') {
      if (arg.find('=') != std::string::npos) continue;  // --url=x
      const CLI::Option* option = app.get_option_no_throw(arg);
      if (option && option->get_expected_min() > 0 && i + 1 < argc) ++i;  // its value
      continue;
    }
    return CommandWord{arg, i + 1 < argc ? argv[i + 1] : ""};
  }
  return std::nullopt;
}

std::string ClosestCommand(const std::string& typed, const std::vector<std::string>& commands) {
  // What other migration tools call these commands.
  static const std::map<std::string, std::string> kOtherNames = {
      {"create", "new"},     {"generate", "new"},  {"add", "new"},         {"migrate", "up"},
      {"apply", "up"},       {"deploy", "up"},     {"rollback", "down"},   {"undo", "down"},
      {"info", "status"},    {"log", "history"},   {"verify", "validate"}, {"check", "validate"},
      {"drop", "reset"},     {"unlock", "lock"},   {"mark", "baseline"}};
  if (auto it = kOtherNames.find(typed); it != kOtherNames.end()) return it->second;
  auto distance = [](const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t diagonal = row[0];
      row[0] = i;
      for (size_t j = 1; j <= b.size(); ++j) {
        size_t above = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
        diagonal = above;
      }
    }
    return row[b.size()];
  };
  std::string best;
  size_t best_distance = std::max<size_t>(2, typed.size() / 3) + 1;
  for (const std::string& command : commands) {
    size_t d = distance(typed, command);
    if (d < best_distance) best = command, best_distance = d;
  }
  return best;
}

}  // namespace strata::cli
