#include "cli/command_tree.h"

#include <CLI/CLI.hpp>

namespace strata::cli {
namespace {

OptionInfo DescribeOption(const CLI::Option& option) {
  OptionInfo info;
  for (const std::string& name : option.get_lnames()) info.names.push_back("--" + name);
  for (const std::string& name : option.get_snames()) info.names.push_back("-" + name);
  if (info.names.empty()) info.positional = option.get_name();
  if (option.get_expected_min() > 0 || !info.positional.empty()) info.value = option.get_type_name();
  info.description = option.get_description();
  info.default_value = option.get_default_str();
  info.required = option.get_required();
  info.repeatable =
      option.get_items_expected_max() > 1 || option.get_multi_option_policy() != CLI::MultiOptionPolicy::Throw;
  return info;
}

CommandInfo DescribeCommand(const CLI::App& app, const std::string& path, bool root) {
  CommandInfo info;
  info.path = path;
  info.description = app.get_description();
  info.needs_subcommand = app.get_require_subcommand_min() > 0;
  for (const CLI::Option* option : app.get_options()) {
    if (option == app.get_help_ptr() && !root) continue;
    if (option->get_group().empty()) continue;  // hidden
    OptionInfo described = DescribeOption(*option);
    (described.positional.empty() ? info.options : info.positionals).push_back(std::move(described));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name().empty() || sub->get_group().empty()) continue;  // option groups, hidden commands
    info.subcommands.push_back(
        DescribeCommand(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), false));
  }
  return info;
}

void FlattenInto(const CommandInfo& command, std::vector<const CommandInfo*>* out) {
  out->push_back(&command);
  for (const CommandInfo& sub : command.subcommands) FlattenInto(sub, out);
}

}  // namespace

std::string OptionInfo::Synopsis() const {
  if (!positional.empty()) return positional;
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  if (!value.empty()) text += " " + value;
  return text;
}

std::string CommandInfo::Usage() const {
  std::string usage = path.empty() ? "strata [GLOBAL OPTIONS]" : "strata " + path;
  if (!options.empty() && !path.empty()) usage += " [OPTIONS]";
  for (const OptionInfo& argument : positionals) {
    std::string shown = argument.positional + (argument.repeatable ? "..." : "");
    usage += " " + (argument.required ? shown : "[" + shown + "]");
  }
  if (!subcommands.empty()) usage += needs_subcommand ? " COMMAND" : " [COMMAND]";
  if (path.empty()) usage += " [OPTIONS]";
  return usage;
}

std::vector<const CommandInfo*> CommandInfo::Flatten() const {
  std::vector<const CommandInfo*> all;
  FlattenInto(*this, &all);
  return all;
}

CommandInfo DescribeCommands(const CLI::App& app) { return DescribeCommand(app, "", true); }

}  // namespace strata::cli
