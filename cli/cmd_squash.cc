// strata squash --to V: one baseline migration, the schema the migrations up to V make, in place of them.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "cli/run_helpers.h"
#include "schema/scratch_engine.h"

namespace strata::cli {
namespace {

namespace fs = std::filesystem;

struct SquashArguments {
  std::string to;
  std::string archive;
};

// The baseline file's text: the schema as the migration's up part, nothing to revert to.
std::string BaselineText(const Schema& schema, const std::string& version, const std::string& archive,
                         bool json_commands) {
  if (json_commands) {
    std::string text = "{\"baseline\": true,\n \"description\": " +
                       nlohmann::json(fmt::format("the schema of the migrations up to {} (now in {})", version,
                                                  archive))
                           .dump() +
                       ",\n \"up\": [";
    for (size_t i = 0; i < schema.objects.size(); ++i) {
      std::string command = schema.objects[i].definition;
      while (!command.empty() && command.back() == '\n') command.pop_back();
      text += (i ? ",\n  " : "\n  ") + command;
    }
    return text + "\n]}\n";
  }
  std::string text = fmt::format(
      "-- Squashed by `strata squash --to {0}`: the schema the migrations up to {0} made (their files are in\n"
      "-- {1}). A new database starts here; one that applied those migrations counts this as applied.\n"
      "-- strata:baseline\n"
      "-- strata:up\n",
      version, archive);
  for (const SchemaObject& o : schema.objects) text += fmt::format("\n-- {} {}\n{}", o.kind, o.name, o.definition);
  return text;
}

int RunSquash(Context& context, const SquashArguments& args) {
  auto version = ParseVersionArgument(args.to, "--to");
  if (!version.ok()) return context.Fail(version.status());
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto cfg = context.config();
  if (!cfg.ok()) return context.Fail(cfg.status());
  std::vector<const Migration*> squashed;
  for (const Migration& m : set->migrations) {
    if (!(*version < m.version)) squashed.push_back(&m);
  }
  if (squashed.empty() || squashed.back()->version != *version) {
    return context.Fail(Status(StatusCode::kInvalidArgument,
                               fmt::format("--to {}: no migration in {} has this version; `strata list` shows them",
                                           version->text(), cfg->dir)));
  }
  const fs::path dir(cfg->dir);
  const fs::path archive = args.archive.empty() ? fs::path(cfg->dir + "-squashed") : fs::path(args.archive);
  for (const Migration* m : squashed) {
    for (const std::string& path : m->paths) {
      if (fs::exists(archive / fs::path(path).filename())) {
        return context.Fail(Status(
            StatusCode::kRefused, fmt::format("{} already holds {}: choose another --archive; nothing was changed",
                                              archive.string(), fs::path(path).filename().string())));
      }
    }
  }

  // The schema at V, from the migrations replayed on a scratch database.
  auto engine = context.OpenEngine(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  EngineOptions options;
  options.history_table = cfg->table;
  options.variables = cfg->variables;
  auto scratch = ScratchEngine::Create((*engine)->connection(), options);
  if (!scratch.ok()) return context.Fail(scratch.status());
  UpOptions up_to;
  up_to.to = *version;
  auto replay = (*scratch)->engine().Up(*set, up_to);
  if (!replay.ok()) return context.Fail(replay.status());
  if (!replay->status.ok()) {
    return context.Fail(Status(replay->status.code(),
                               "replaying the migrations on a scratch database failed, nothing was changed: " +
                                   replay->status.ToString()));
  }
  auto schema = (*scratch)->ReadSchema();
  if (!schema.ok()) return context.Fail(schema.status());
  const bool json_commands = (*engine)->connection().capabilities().json_commands;
  const fs::path baseline = dir / fmt::format("{}_squashed_baseline.{}", version->text(), json_commands ? "json" : "sql");
  const std::string text = BaselineText(*schema, version->text(), archive.string(), json_commands);

  // Move the replaced files aside, then write the baseline; a failure puts back what moved.
  std::error_code error;
  fs::create_directories(archive, error);
  std::vector<std::pair<fs::path, fs::path>> moved;
  auto undo = [&] {
    for (auto it = moved.rbegin(); it != moved.rend(); ++it) fs::rename(it->second, it->first, error);
  };
  for (const Migration* m : squashed) {
    for (const std::string& path : m->paths) {
      const fs::path to = archive / fs::path(path).filename();
      fs::rename(path, to, error);
      if (error) {
        const std::string why = error.message();
        undo();
        return context.Fail(Status(StatusCode::kIoError,
                                   fmt::format("cannot move {} to {} ({}); nothing was changed", path, to.string(), why)));
      }
      moved.push_back({path, to});
    }
  }
  {
    std::ofstream out(baseline, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      undo();
      return context.Fail(Status(StatusCode::kIoError,
                                 fmt::format("cannot write {}; the squashed files were put back", baseline.string())));
    }
  }
  if (context.out.json) {
    nlohmann::json versions = nlohmann::json::array();
    for (const Migration* m : squashed) versions.push_back(m->version.text());
    context.out.PrintJson({{"ok", true},
                           {"file", baseline.string()},
                           {"archive", archive.string()},
                           {"squashed", versions},
                           {"objects", schema->objects.size()}});
    return kExitOk;
  }
  context.out.Print(fmt::format(
      "squashed {} migration{} up to {} into {} ({} object{}); their files are in {}.\n"
      "Databases that applied them are unaffected; new ones start from the baseline. It holds the schema only:\n"
      "rows those migrations inserted (seed data) are not in it.",
      squashed.size(), squashed.size() == 1 ? "" : "s", version->text(), baseline.string(), schema->objects.size(),
      schema->objects.size() == 1 ? "" : "s", archive.string()));
  return kExitOk;
}

}  // namespace

void AddSquashCommand(CLI::App& app, Context& context, int* exit_code) {
  auto args = std::make_shared<SquashArguments>();
  CLI::App* squash = app.add_subcommand(
      "squash", "Replace the migrations up to a version with one baseline: the schema they make, for new databases");
  squash->add_option("--to", args->to, "The newest version to squash")->required()->type_name("VERSION");
  squash->add_option("--archive", args->archive,
                     "Where the squashed files go (default: the migrations directory's name + \"-squashed\")");
  squash->callback([&context, args, exit_code] { *exit_code = RunSquash(context, *args); });
}

}  // namespace strata::cli
