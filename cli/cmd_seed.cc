// strata seed: apply pending seeds. strata seed status: each seed applied, pending or changed.
//
// Seeds (cli/seeds.h) run on the migrations' Engine, pointed at the seeds' own history table, so they
// get what migrations get: the runner lock, a transaction per file with its record, placeholders, the
// risk guard, file:line errors. What differs is decided here:
//  - version order across shared and environment files, and older seeds added late are still applied
//    (UpOptions::allow_out_of_order): seeds do not depend on each other's history;
//  - an applied seed whose file is gone, or lives in another environment's folder, is left alone;
//  - an applied seed whose file changed stops the run (nothing runs) unless --force, because running it
//    again may insert its rows twice. With --force the engine applies each changed seed again with the
//    rest, in version order, replacing its record (UpOptions::rerun_modified).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/context.h"
#include "cli/run_helpers.h"
#include "cli/seeds.h"

namespace strata::cli {
namespace {

struct SeedArguments {
  std::string seeds_dir;  // --seeds-dir; else the configuration's
  bool force = false;
  bool yes = false;
};

// The seeds of the configured environment, and the engine on their history table.
struct SeedRun {
  SeedSet seeds;
  std::string table;
  std::unique_ptr<Engine> engine;
};

Result<SeedRun> OpenSeeds(Context& context, const SeedArguments& args, Access access) {
  auto cfg = context.config(false);
  if (!cfg.ok()) return cfg.status();
  auto seeds = LoadSeeds(args.seeds_dir.empty() ? cfg->seeds_dir : args.seeds_dir, cfg->environment);
  if (!seeds.ok()) return seeds.status();
  for (const std::string& warning : seeds->set.warnings) context.out.Notice("warning: " + warning);
  SeedRun run{std::move(*seeds), SeedsTable(cfg->table), nullptr};
  // The global --table names the migrations' history; from here on this command works on the seeds'.
  context.options.table = run.table;
  auto engine = context.OpenEngine(access);
  if (!engine.ok()) return engine.status();
  run.engine = std::move(*engine);
  return run;
}

// What `seed status` calls a seed: applied; pending (never run, or retired by --force); changed; failed
// (its last attempt: the next `seed` tries again unless it needs repair); missing (applied, file gone);
// running.
std::string SeedStatus(const MigrationState& s) {
  if (s.forgotten) return "forgotten";
  if (s.missing) return "missing";
  if (s.modified) return "changed";
  if (s.status == "reverted") return "pending";
  return s.status;
}

// Another environment's seed, recorded in this database: not this environment's concern.
bool OtherEnvironments(const SeedSet& seeds, const MigrationState& s) {
  auto version = Version::Parse(s.version);
  return s.path.empty() && version && seeds.elsewhere.count(version->number());
}

std::string Scope(const SeedRun& run) {
  std::string where = run.seeds.directory;
  if (!run.seeds.environment.empty()) where += " + " + run.seeds.environment_directory;
  return where;
}

// Refuses a run over seeds whose files changed since they were applied: names each, says what to do.
Status ChangedSeeds(const std::vector<const MigrationState*>& changed) {
  std::string names;
  for (const MigrationState* s : changed) {
    names += fmt::format("{}{} {} ({})", names.empty() ? "" : ", ", s->version, s->name, s->path);
  }
  const bool one = changed.size() == 1;
  Status refused(StatusCode::kValidationFailed,
                 fmt::format("{} {} changed since {} applied; nothing was run. A changed seed runs again only on "
                             "request: pass --force (`strata seed --force`) to run {} again, or restore the {}",
                             one ? "seed" : "seeds", names, one ? "it was" : "they were", one ? "it" : "them",
                             one ? "file" : "files"));
  return refused.set_location({changed.front()->path, 0});
}

// The engine's advice names `strata repair`, which works on the migrations' table: say how to reach the
// seeds' instead.
Status ForSeeds(Status status, const SeedRun& run) {
  if (status.code() != StatusCode::kDirty) return status;
  Status hinted(status.code(), fmt::format("{} (for a seed: `strata --dir {} --table {} repair`)", status.message(),
                                           run.seeds.directory, run.table));
  if (status.location()) hinted.set_location(*status.location());
  return hinted;
}

int RunSeed(Context& context, const SeedArguments& args) {
  context.risk_confirmed = args.yes;
  auto run = OpenSeeds(context, args, Access::kChange);
  if (!run.ok()) return context.Fail(run.status());
  Engine& engine = *run->engine;
  auto state = engine.GetStatus(run->seeds.set);
  if (!state.ok()) return context.Fail(state.status());
  std::vector<const MigrationState*> changed;
  std::set<std::string> left_alone;  // applied, with no file here
  for (const MigrationState& s : state->migrations) {
    if (s.modified) changed.push_back(&s);
    if (s.missing && s.status == "applied") left_alone.insert(s.version);
  }
  if (!changed.empty() && !args.force) return context.Fail(ChangedSeeds(changed));

  std::set<std::string> rerun;
  for (const MigrationState* s : changed) rerun.insert(s->version);

  UpOptions up;
  up.allow_out_of_order = true;
  up.rerun_modified = args.force;
  // Up refuses records whose files are missing, unless forced; for seeds they are no problem.
  up.force = !left_alone.empty();
  auto report = engine.Up(std::move(run->seeds.set), up);
  if (!report.ok()) return context.Fail(ForSeeds(report.status(), *run));
  std::erase_if(report->warnings, [&](const std::string& w) {
    return left_alone.count(w.substr(0, w.find(' '))) > 0;
  });
  for (StepResult& step : report->steps) {
    if (!rerun.count(step.version) || step.revert) continue;
    step.note = "run again: its file changed since it was applied (--force)" +
                (step.note.empty() ? "" : "; " + step.note);
  }
  if (report->steps.empty() && report->status.ok() && report->warnings.empty() && !context.out.json) {
    context.out.Print(fmt::format("nothing to seed: every seed of {} is applied", Scope(*run)));
    return kExitOk;
  }
  return ReportRun(context, report);
}

nlohmann::json OrNull(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

// "2026-11-22 09:30:00Z" from ISO 8601 "2026-11-22T09:30:00.123Z", as `status` shows it.
std::string ShortTime(const std::string& iso) {
  if (iso.size() < 19) return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 8) + "Z";
}

int RunSeedStatus(Context& context, const SeedArguments& args) {
  auto run = OpenSeeds(context, args, Access::kRead);
  if (!run.ok()) return context.Fail(run.status());
  auto report = run->engine->GetStatus(run->seeds.set);
  if (!report.ok()) return context.Fail(report.status());
  const std::vector<std::string> kCounted = {"applied", "pending", "changed", "failed", "missing", "running"};
  std::map<std::string, int> counts;
  nlohmann::json seeds = nlohmann::json::array();
  Table table({"VERSION", "NAME", "STATUS", "APPLIED AT (UTC)", "FILE"});
  for (const MigrationState& s : report->migrations) {
    if (OtherEnvironments(run->seeds, s)) continue;
    const std::string status = SeedStatus(s);
    ++counts[status];
    nlohmann::json seed = {{"version", s.version}, {"name", s.name},     {"status", status},
                           {"file", OrNull(s.path)}, {"checksum", s.checksum}, {"applied_at", OrNull(s.applied_at)},
                           {"applied_by", OrNull(s.applied_by)}};
    if (!s.error.empty()) seed["error"] = s.error;
    seeds.push_back(std::move(seed));
    Colour colour = status == "applied" ? Colour::kGreen : status == "pending" ? Colour::kYellow : Colour::kRed;
    table.AddRow({s.version, s.name, status, ShortTime(s.applied_at), s.path}, {Colour::kNone, Colour::kNone, colour});
  }
  if (context.out.json) {
    nlohmann::json summary = {{"total", seeds.size()}};
    for (const std::string& c : kCounted) summary[c] = counts[c];
    nlohmann::json out = {{"directory", run->seeds.directory},
                          {"environment", OrNull(run->seeds.environment)},
                          {"environment_directory", OrNull(run->seeds.environment_directory)},
                          {"table", run->table},
                          {"seeds", seeds},
                          {"summary", summary}};
    if (!report->unreadable.empty()) out["unreadable"] = report->unreadable;
    context.out.PrintJson(out);
    return kExitOk;
  }
  if (!report->unreadable.empty()) context.out.Notice(report->unreadable);
  std::string text = table.empty() ? fmt::format("no seeds in {}\n", Scope(*run)) : table.Render(context.out);
  std::string tally;
  for (const std::string& c : kCounted) {
    if (counts[c] == 0 && c != "applied" && c != "pending") continue;
    tally += fmt::format("{}{} {}", tally.empty() ? "" : ", ", counts[c], c);
  }
  text += fmt::format("{} ({}; history table {})", tally, Scope(*run), run->table);
  if (counts["changed"] > 0) text += "\nchanged seeds run again only with `strata seed --force`";
  context.out.Print(text);
  return kExitOk;
}

}  // namespace

void AddSeedCommands(CLI::App& app, Context& context, int* exit_code) {
  auto args = std::make_shared<SeedArguments>();
  const char* kSeedsDir = "Seeds directory (env STRATA_SEEDS_DIR, seeds_dir in strata.toml; default db/seeds)";
  CLI::App* seed = app.add_subcommand(
      "seed", "Apply pending seed data: db/seeds/, plus db/seeds/<env>/ with --env (never run by `up`)");
  seed->add_option("--seeds-dir", args->seeds_dir, kSeedsDir);
  seed->add_flag("--force", args->force, "Run again the seeds whose files changed since they were applied");
  seed->add_flag("--yes,-y", args->yes, "Confirm error-level risk findings in production");
  CLI::App* status = seed->add_subcommand("status", "Each seed: applied, pending or changed");
  status->add_option("--seeds-dir", args->seeds_dir, kSeedsDir);
  status->callback([&context, args, exit_code] { *exit_code = RunSeedStatus(context, *args); });
  seed->callback([&context, args, exit_code, seed, status] {
    if (!seed->got_subcommand(status)) *exit_code = RunSeed(context, *args);
  });
}

}  // namespace strata::cli
