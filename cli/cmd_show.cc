// strata show V [--diff]: the up and down text stored when a migration was applied, and how the file
// differs from them now.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "cli/run_helpers.h"
#include "cli/line_diff.h"

namespace strata::cli {
namespace {

struct ShowArguments {
  std::string version;
  bool diff = false;
};

nlohmann::json TextOrNull(const std::optional<std::string>& text) { return text ? nlohmann::json(*text) : nullptr; }

int RunShow(Context& context, const ShowArguments& args) {
  auto version = ParseVersionArgument(args.version, "version");
  if (!version.ok()) return context.Fail(version.status());
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto engine = context.OpenEngine(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  auto shown = (*engine)->Show(*set, *version);
  if (!shown.ok()) return context.Fail(shown.status());
  const StoredMigration& s = *shown;
  const Migration* m = s.migration;
  std::optional<std::string> file_up, file_down;
  if (m) file_up = m->up.text;
  if (m && m->down) file_down = m->down->text;
  std::optional<std::string> stored_up, stored_down;
  if (s.record) stored_up = s.record->up_text, stored_down = s.record->down_text;
  const bool modified = s.record && m && !s.record->checksum.empty() && s.record->checksum != m->checksum;

  if (context.out.json) {
    context.out.PrintJson({{"version", s.version},
                           {"name", s.name},
                           {"status", s.status},
                           {"file", m ? nlohmann::json(m->paths[0]) : nullptr},
                           {"modified", modified},
                           {"stored", {{"checksum", s.record ? nlohmann::json(s.record->checksum) : nullptr},
                                       {"up", TextOrNull(stored_up)},
                                       {"down", TextOrNull(stored_down)}}},
                           {"file_text", {{"checksum", m ? nlohmann::json(m->checksum) : nullptr},
                                          {"up", TextOrNull(file_up)},
                                          {"down", TextOrNull(file_down)}}}});
    return kExitOk;
  }
  std::string text = fmt::format("{} {}: {}{}\n", s.version, s.name, s.status,
                                 modified ? " (file modified since applied)" : "");
  text += fmt::format("file: {}\n", m ? m->paths[0] : "(missing)");
  auto block = [](const char* title, const std::optional<std::string>& body) {
    return fmt::format("\n== {}\n{}", title, body ? (body->empty() || body->back() == '\n' ? *body : *body + "\n")
                                                   : "(none)\n");
  };
  if (!args.diff) {
    if (!s.record) {
      text += "\nnever applied: the history stores nothing for it yet\n";
    } else {
      text += block("up, as stored when applied", stored_up);
      text += block("down, as stored when applied", stored_down);
    }
  } else if (!s.record || !m) {
    text += fmt::format("\nnothing to compare: {}\n", !s.record ? "the history stores nothing for it" : "its file is missing");
  } else {
    std::string up = UnifiedDiff(stored_up.value_or(""), file_up.value_or(""), "up (stored)", "up (file)");
    std::string down = UnifiedDiff(stored_down.value_or(""), file_down.value_or(""), "down (stored)", "down (file)");
    if (stored_down.has_value() != file_down.has_value()) {
      down = fmt::format("down: {} in the history, {} in the file\n", stored_down ? "present" : "none",
                         file_down ? "present" : "none");
    }
    text += up.empty() && down.empty() ? "\nthe file's up and down parts are as stored\n" : "\n" + up + down;
  }
  text.pop_back();
  context.out.Print(text);
  return kExitOk;
}

}  // namespace

void AddShowCommand(CLI::App& app, Context& context, int* exit_code) {
  auto args = std::make_shared<ShowArguments>();
  CLI::App* show = app.add_subcommand("show", "The up and down text stored when a migration was applied");
  show->add_option("version", args->version, "The migration's version")->required()->type_name("VERSION");
  show->add_flag("--diff", args->diff, "Show how the file differs from the stored text");
  show->callback([&context, args, exit_code] { *exit_code = RunShow(context, *args); });
}

}  // namespace strata::cli
