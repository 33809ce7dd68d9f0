#include "schema/reversibility.h"

#include "schema/scratch_engine.h"

namespace strata {
namespace {

// The step a run applied or reverted, or the failure that stopped it.
struct OneStep {
  std::string version;
  std::string name;
  Status error;
};

OneStep StepOf(const Result<RunReport>& report) {
  OneStep out;
  if (!report.ok()) {
    out.error = report.status();
    return out;
  }
  for (const StepResult& step : report->steps) {
    if (step.outcome == StepOutcome::kApplied || step.outcome == StepOutcome::kReverted ||
        step.outcome == StepOutcome::kFailed) {
      out.version = step.version;
      out.name = step.name;
      if (step.outcome == StepOutcome::kFailed) out.error = step.error;
      break;
    }
  }
  if (out.error.ok() && !report->status.ok()) out.error = report->status;
  return out;
}

}  // namespace

const char* ReversibilityOutcomeName(ReversibilityCheck::Outcome outcome) {
  using Outcome = ReversibilityCheck::Outcome;
  switch (outcome) {
    case Outcome::kRestored: return "restored";
    case Outcome::kNotRestored: return "not_restored";
    case Outcome::kNoDown: return "no_down";
    case Outcome::kUpFailed: return "up_failed";
    case Outcome::kDownFailed: return "down_failed";
    case Outcome::kReapplyFailed: return "reapply_failed";
  }
  return "restored";
}

Result<std::vector<ReversibilityCheck>> TestReversibility(Connection& origin, const EngineOptions& options,
                                                          const MigrationSet& set,
                                                          const std::optional<Version>& from) {
  using Outcome = ReversibilityCheck::Outcome;
  std::vector<ReversibilityCheck> checks;
  auto scratch = ScratchEngine::Create(origin, options);
  if (!scratch.ok()) return scratch.status();
  // Brings a new scratch database to `version` (or the one before `from`), all at once.
  auto fresh_up_to = [&](const Version& version) -> Result<OneStep> {
    scratch->reset();  // the old one is dropped before the new one is made
    auto replaced = ScratchEngine::Create(origin, options);
    if (!replaced.ok()) return replaced.status();
    *scratch = std::move(*replaced);
    UpOptions options_to;
    options_to.to = version;
    return StepOf((*scratch)->engine().Up(set, options_to));
  };
  if (from) {
    // Everything before `from` is the ground the tested migrations stand on.
    std::optional<Version> before;
    for (const Migration& m : set.migrations) {
      if (m.version < *from) before = m.version;
    }
    if (before) {
      UpOptions options_to;
      options_to.to = before;
      OneStep step = StepOf((*scratch)->engine().Up(set, options_to));
      if (!step.error.ok()) {
        checks.push_back({step.version, step.name, Outcome::kUpFailed, {}, step.error});
        return checks;
      }
    }
  }
  UpOptions one;
  one.count = 1;
  for (;;) {
    Engine& engine = (*scratch)->engine();
    auto before = ReadSchemaOf(engine.connection());
    if (!before.ok()) return before.status();
    OneStep up = StepOf(engine.Up(set, one));
    if (up.version.empty() && up.error.ok()) break;  // nothing left to apply
    ReversibilityCheck check{up.version, up.name, Outcome::kRestored, {}, Status::Ok()};
    if (!up.error.ok()) {
      check.outcome = Outcome::kUpFailed;
      check.error = up.error;
      checks.push_back(std::move(check));
      break;
    }
    const Migration* migration = nullptr;
    for (const Migration& m : set.migrations) {
      if (m.version.text() == up.version) migration = &m;
    }
    if (!migration || !migration->reversible()) {
      check.outcome = Outcome::kNoDown;
      checks.push_back(std::move(check));
      continue;
    }
    OneStep down = StepOf(engine.Revert(set, migration->version));
    bool in_doubt = false;
    if (!down.error.ok()) {
      check.outcome = Outcome::kDownFailed;
      check.error = down.error;
      in_doubt = true;
    } else {
      auto after = ReadSchemaOf(engine.connection());
      if (!after.ok()) return after.status();
      check.differences = CompareSchemas(*before, *after);
      if (!check.differences.empty()) check.outcome = Outcome::kNotRestored;
      OneStep again = StepOf(engine.Run(set, migration->version, false));
      if (!again.error.ok()) {
        if (check.outcome == Outcome::kRestored) check.outcome = Outcome::kReapplyFailed;
        check.error = again.error;
        in_doubt = true;
      }
    }
    checks.push_back(std::move(check));
    if (in_doubt) {
      auto replayed = fresh_up_to(migration->version);
      if (!replayed.ok()) return replayed.status();
      if (!replayed->error.ok()) {
        checks.push_back({replayed->version, replayed->name, Outcome::kUpFailed, {}, replayed->error});
        break;
      }
    }
  }
  return checks;
}

}  // namespace strata
