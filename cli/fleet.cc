#include "cli/fleet.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/fleet_view.h"
#include "core/text.h"
#include "fleet/run_log.h"
#include "strata/fleet.h"

namespace strata::cli {
namespace {

// Ctrl-C during a fleet run: the first starts no more targets and lets the running ones finish (so none
// is cut off mid-migration by strata); a second one ends strata at once.
std::atomic<bool> fleet_interrupted{false};

void StopFleetOnInterrupt(int) {
  if (fleet_interrupted.exchange(true)) {
    signal(SIGINT, SIG_DFL);
    raise(SIGINT);
    return;
  }
  const char kMessage[] = "\nstopping: no more targets start; the running ones finish (Ctrl-C again ends now)\n";
  ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  (void)ignored;
}

// While it lives, Ctrl-C stops the fleet gently (StopFleetOnInterrupt).
class InterruptStopsFleet {
 public:
  InterruptStopsFleet() {
    fleet_interrupted = false;
    struct sigaction action = {};
    action.sa_handler = StopFleetOnInterrupt;
    action.sa_flags = SA_RESTART;  // the running targets' reads and writes go on undisturbed
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
  }
  ~InterruptStopsFleet() { sigaction(SIGINT, &previous_, nullptr); }

 private:
  struct sigaction previous_ = {};
};

// The base database (--url and its fallbacks) is optional: a targets file of URLs needs none.
Result<std::vector<FleetTarget>> LoadFleetTargets(Context& context, const FleetArguments& args) {
  std::string base_url;
  if (auto cfg = context.config(true); cfg.ok()) {
    base_url = cfg->url;
  } else if (cfg.status().message().rfind("no database URL", 0) != 0) {
    return cfg.status();
  }
  if (!args.targets_file.empty()) return ReadFleetTargets(args.targets_file, base_url);
  return QueryFleetTargets(base_url, args.targets_query);
}

std::string FleetStatePath(const FleetArguments& args) {
  if (!args.state_file.empty()) return args.state_file;
  if (!args.targets_file.empty()) return args.targets_file + ".state";
  return "strata-fleet.state";
}

// The production guard asks once for the whole fleet, not once per target: the first target whose
// steps need confirmation asks, and its answer stands for the others. Each finding is shown once.
std::function<Status(const std::vector<lint::Finding>&)> OnceForTheFleet(
    std::function<Status(const std::vector<lint::Finding>&)> guard, bool confirmation_applies) {
  struct Shared {
    std::mutex mutex;
    std::set<std::string> shown;
    std::optional<Status> answer;
  };
  auto shared = std::make_shared<Shared>();
  return [guard = std::move(guard), confirmation_applies, shared](const std::vector<lint::Finding>& findings) {
    std::lock_guard<std::mutex> lock(shared->mutex);
    const bool needs_answer = confirmation_applies && !lint::NeedingConfirmation(findings).empty();
    if (needs_answer && shared->answer) return *shared->answer;
    std::vector<lint::Finding> fresh;
    for (const lint::Finding& f : findings) {
      if (shared->shown.insert(fmt::format("{}:{}:{}", f.path, f.line, f.rule)).second) fresh.push_back(f);
    }
    Status answer = guard(needs_answer ? findings : fresh);
    if (needs_answer) shared->answer = answer;
    return answer;
  };
}

nlohmann::json TargetJson(const TargetResult& r) {
  return {{"target", r.target.name},
          {"url", RedactUrl(r.target.url)},
          {"origin", r.target.origin},
          {"outcome", TargetOutcomeName(r.outcome)},
          {"duration_ms", r.duration_ms},
          {"error", r.error.ok() ? nlohmann::json() : StatusJson(r.error)}};
}

std::string FirstLineOf(const std::string& text) {
  std::string line = Printable(text.substr(0, text.find('\n')));
  return line.size() > 100 ? line.substr(0, 97) + "..." : line;
}

Colour OutcomeColour(TargetOutcome outcome) {
  return outcome == TargetOutcome::kDone ? Colour::kGreen
         : outcome == TargetOutcome::kFailed ? Colour::kRed
                                             : Colour::kYellow;
}

void PrintFleetUp(Context& context, const FleetReport& report, int resumed_done, const std::string& state,
                  bool dry_run) {
  const int total = static_cast<int>(report.targets.size());
  if (context.out.json) {
    nlohmann::json targets = nlohmann::json::array();
    for (const TargetResult& r : report.targets) {
      nlohmann::json j = TargetJson(r);
      j["applied"] = r.applied;
      j["run"] = r.run ? RunReportJson(*r.run) : nlohmann::json();
      targets.push_back(std::move(j));
    }
    context.out.PrintJson({{"ok", report.ok()},
                           {"dry_run", dry_run},
                           {"targets", targets},
                           {"summary",
                            {{"total", total},
                             {"done", report.Count(TargetOutcome::kDone)},
                             {"failed", report.Count(TargetOutcome::kFailed)},
                             {"not_started", report.Count(TargetOutcome::kNotStarted)},
                             {"done_before_resume", resumed_done}}},
                           {"duration_ms", report.duration_ms},
                           {"state_file", dry_run ? nlohmann::json() : nlohmann::json(state)}});
    return;
  }
  Table table({"TARGET", "OUTCOME", dry_run ? "WOULD APPLY" : "APPLIED", "DURATION", "NOTE"});
  for (const TargetResult& r : report.targets) {
    std::string note = r.error.ok() ? "" : FirstLineOf(r.error.ToString());
    if (r.outcome == TargetOutcome::kNotStarted) note = "not started: an earlier target failed, or Ctrl-C";
    const bool ran = r.outcome != TargetOutcome::kNotStarted;
    table.AddRow({r.target.name, TargetOutcomeName(r.outcome), ran ? std::to_string(r.applied) : "",
                  ran ? FormatDuration(r.duration_ms) : "", note},
                 {Colour::kNone, OutcomeColour(r.outcome), Colour::kNone, Colour::kNone,
                  r.error.ok() ? Colour::kNone : Colour::kRed});
  }
  std::string text = table.Render(context.out);
  text += fmt::format("{} targets: {} done, {} failed, {} not started ({})", total,
                      report.Count(TargetOutcome::kDone), report.Count(TargetOutcome::kFailed),
                      report.Count(TargetOutcome::kNotStarted), FormatDuration(report.duration_ms));
  if (resumed_done > 0) text += fmt::format("; {} more were done before --resume", resumed_done);
  if (!report.ok() && !dry_run) {
    text += fmt::format("\nfix the failed targets, then run the failed and unfinished ones again with --resume "
                        "(state in {})",
                        state);
  }
  context.out.Print(text);
}

}  // namespace

void AddFleetOptions(CLI::App& command, FleetArguments& args, bool up) {
  auto* file = command.add_option("--targets", args.targets_file,
                                  "Run on every target listed in FILE: one URL, path or schema name of the --url "
                                  "database a line; # comments (docs/fleets.md)");
  auto* query = command.add_option(
      "--targets-query", args.targets_query,
      "Run on every target a query on the --url database returns: one schema name or URL a row");
  file->excludes(query);
  command
      .add_option("--parallel", args.parallel,
                  "With --targets or --targets-query: how many targets run at once, each on its own connection "
                  "(default 1)")
      ->check(CLI::Range(1, 256));
  if (!up) return;
  command.add_flag("--resume", args.resume,
                   "With --targets or --targets-query: run only the targets that the last fleet run did not "
                   "finish (failed, not started, or cut off), as its state file records");
  command.add_option("--state", args.state_file,
                     "The fleet run's state file, which --resume reads (default: the targets FILE with .state "
                     "added, or ./strata-fleet.state for --targets-query)");
}

int RunFleetUp(Context& context, const FleetArguments& args, const UpOptions& options) {
  if (!context.options.dump.empty()) {
    return context.Fail(Status(StatusCode::kInvalidArgument,
                               "--dump writes one database's schema: it does not go with --targets or "
                               "--targets-query; dump one target with `strata dump --url URL`"));
  }
  auto targets = LoadFleetTargets(context, args);
  if (!targets.ok()) return context.Fail(targets.status());
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto cfg = context.config(false);
  if (!cfg.ok()) return context.Fail(cfg.status());
  auto engine = context.EngineOptionsFor(options.dry_run ? Access::kRehearse : Access::kChange);
  if (!engine.ok()) return context.Fail(engine.status());
  engine->on_progress = nullptr;  // the live view speaks for every target
  if (engine->on_risk) {
    engine->on_risk =
        OnceForTheFleet(std::move(engine->on_risk), cfg->environment == "production" && !context.risk_confirmed);
  }

  // The state file: started over by a new run, continued by --resume; a dry run writes none.
  const std::string state = FleetStatePath(args);
  const std::string key = MigrationSetKey(*set);
  std::optional<FleetRunLog> log;
  std::vector<FleetTarget> todo = *targets;
  int resumed_done = 0;
  if (args.resume) {
    auto last = FleetRunLog::Continue(state, key);
    if (!last.ok()) return context.Fail(last.status());
    std::erase_if(todo, [&](const FleetTarget& t) { return last->IsDone(t); });
    resumed_done = static_cast<int>(targets->size() - todo.size());
    if (todo.empty()) {
      if (context.out.json) {
        context.out.PrintJson({{"ok", true}, {"targets", nlohmann::json::array()},
                               {"summary", {{"total", 0}, {"done_before_resume", resumed_done}}}});
      } else {
        context.out.Print(fmt::format("nothing to resume: the {} targets are done ({})", resumed_done, state));
      }
      return kExitOk;
    }
    context.out.Notice(fmt::format("resuming: {} of {} targets were done; running the other {}", resumed_done,
                                   targets->size(), todo.size()));
    if (!options.dry_run) log.emplace(std::move(*last));
  } else if (!options.dry_run) {
    auto fresh = FleetRunLog::Start(state, key);
    if (!fresh.ok()) return context.Fail(fresh.status());
    log.emplace(std::move(*fresh));
  }

  FleetView view(context.out, options.dry_run ? "up --dry-run" : "up");
  Status log_failure;
  FleetOptions fleet;
  fleet.parallel = std::max(1, args.parallel);
  fleet.stop_on_error = args.stop_on_error;
  fleet.engine = std::move(*engine);
  fleet.cancel = &fleet_interrupted;
  fleet.on_progress = [&](const FleetProgress& progress) {
    if (progress.kind == FleetProgress::Kind::kFinished && log) {
      if (Status recorded = log->Record(*progress.result); !recorded.ok() && log_failure.ok()) log_failure = recorded;
    }
    view.Show(progress);
  };
  FleetReport report;
  {
    InterruptStopsFleet interrupt;
    report = FleetUp(todo, *set, options, fleet);
  }
  view.Finish();
  PrintFleetUp(context, report, resumed_done, state, options.dry_run);
  if (!log_failure.ok()) {
    context.out.PrintError(Status(log_failure.code(), "--resume will not know this run's outcome: " +
                                                          log_failure.message()));
    return kExitFailed;
  }
  return report.ok() ? kExitOk : kExitFailed;
}

int RunFleetStatus(Context& context, const FleetArguments& args) {
  auto targets = LoadFleetTargets(context, args);
  if (!targets.ok()) return context.Fail(targets.status());
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto engine = context.EngineOptionsFor(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  engine->on_progress = nullptr;
  FleetView view(context.out, "status");
  FleetOptions fleet;
  fleet.parallel = std::max(1, args.parallel);
  fleet.engine = std::move(*engine);
  // Only a person watching needs the progress of a read; logs get the matrix.
  if (context.out.stderr_is_terminal()) fleet.on_progress = [&](const FleetProgress& p) { view.Show(p); };
  FleetReport report = FleetStatus(*targets, *set, fleet);
  view.Finish();

  int up_to_date = 0, with_pending = 0, with_failed = 0;
  for (const TargetResult& r : report.targets) {
    if (!r.status) continue;
    up_to_date += r.status->pending + r.status->failed + r.status->running + r.status->reverted == 0;
    with_pending += r.status->pending + r.status->reverted > 0;
    with_failed += r.status->failed + r.status->running > 0;
  }
  const int unreadable = report.Count(TargetOutcome::kFailed);
  if (context.out.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const TargetResult& r : report.targets) {
      nlohmann::json j = TargetJson(r);
      j["summary"] = nullptr;
      j["current_version"] = nullptr;
      if (r.status) {
        const StatusReport& s = *r.status;
        j["current_version"] = s.current_version.empty() ? nlohmann::json() : nlohmann::json(s.current_version);
        j["summary"] = {{"total", s.total},     {"applied", s.applied},   {"pending", s.pending},
                        {"failed", s.failed},   {"reverted", s.reverted}, {"running", s.running}};
        j["problems"] = s.problems.size();
      }
      rows.push_back(std::move(j));
    }
    context.out.PrintJson({{"targets", rows},
                           {"summary",
                            {{"total", report.targets.size()},
                             {"up_to_date", up_to_date},
                             {"with_pending", with_pending},
                             {"with_failed", with_failed},
                             {"unreadable", unreadable}}}});
    return unreadable == 0 ? kExitOk : kExitFailed;
  }
  Table table({"TARGET", "CURRENT", "APPLIED", "PENDING", "FAILED", "NOTE"});
  for (const TargetResult& r : report.targets) {
    if (!r.status) {
      table.AddRow({r.target.name, "", "", "", "", "unreadable: " + FirstLineOf(r.error.ToString())},
                   {Colour::kNone, Colour::kNone, Colour::kNone, Colour::kNone, Colour::kNone, Colour::kRed});
      continue;
    }
    const StatusReport& s = *r.status;
    std::string note = !s.unreadable.empty()       ? FirstLineOf(s.unreadable)
                       : !s.in_progress_by.empty() ? "in progress: " + FirstLineOf(s.in_progress_by)
                       : s.running > 0             ? fmt::format("{} interrupted: check, then `strata repair`", s.running)
                       : !s.problems.empty()       ? fmt::format("{} problem(s): `strata status --url` shows them",
                                                                 s.problems.size())
                                                   : "";
    const int pending = s.pending + s.reverted;
    const int failed = s.failed + s.running;
    table.AddRow({r.target.name, s.current_version.empty() ? "none" : s.current_version, std::to_string(s.applied),
                  std::to_string(pending), std::to_string(failed), note},
                 {Colour::kNone, Colour::kNone, Colour::kNone, pending ? Colour::kYellow : Colour::kNone,
                  failed ? Colour::kRed : Colour::kNone, note.empty() ? Colour::kNone : Colour::kYellow});
  }
  std::string text = table.Render(context.out);
  text += fmt::format("{} targets: {} up to date, {} with pending migrations, {} with failed ones, {} unreadable",
                      report.targets.size(), up_to_date, with_pending, with_failed, unreadable);
  context.out.Print(text);
  return unreadable == 0 ? kExitOk : kExitFailed;
}

}  // namespace strata::cli
