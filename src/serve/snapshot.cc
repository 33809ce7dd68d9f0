#include "serve/snapshot.h"

#include <algorithm>

#include "core/clock.h"
#include "strata/driver.h"

namespace strata::serve {

Result<Snapshot> TakeSnapshot(const ServeOptions& options, Reads reads) {
  if (!options.migrations) return Status(StatusCode::kInvalidArgument, "serve: no migrations to compare with were given");
  auto set = options.migrations();
  if (!set.ok()) return set.status();
  EngineOptions engine_options = options.engine;
  // Serve only looks: it creates nothing, and a writer at work is not waited for long.
  engine_options.create_missing = false;
  if (!engine_options.busy_timeout) engine_options.busy_timeout = std::chrono::milliseconds(250);
  engine_options.on_progress = nullptr;
  engine_options.on_risk = nullptr;
  auto engine = Engine::Open(options.url, std::move(engine_options));
  if (!engine.ok()) return engine.status();
  Snapshot snapshot;
  snapshot.database = RedactUrl(options.url);
  snapshot.taken_at = NowUtc();
  auto report = (*engine)->GetStatus(*set);
  if (!report.ok()) return report.status();
  snapshot.report = std::move(*report);
  snapshot.health = HealthOf(snapshot.report);
  auto holder = (*engine)->LockHolder();
  if (!holder.ok()) return holder.status();
  snapshot.lock_holder = *holder;
  if (reads.history && snapshot.report.unreadable.empty()) {
    auto events = (*engine)->History(options.history_limit);
    if (!events.ok()) return events.status();
    snapshot.events.assign(events->rbegin(), events->rend());  // the newest first, as a trail is read
  }
  if (reads.risks) {
    // Offline facts only: a page view must not query table sizes on a busy production database.
    lint::LintOptions lint_options = (*engine)->RiskOptions(/*facts=*/false);
    for (const Migration& m : set->migrations) {
      std::vector<lint::Finding> findings = lint::LintPart(m, m.up, false, lint_options);
      MigrationRisk risk;
      risk.highest = lint::HighestRisk(findings);
      for (const lint::Finding& f : findings) {
        if (f.allowed.empty()) risk.rules.push_back(f.rule);
      }
      snapshot.risks[m.version.text()] = std::move(risk);
    }
  }
  return snapshot;
}

}  // namespace strata::serve
