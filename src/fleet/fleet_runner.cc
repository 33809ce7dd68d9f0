// The fleet runner: up to `parallel` targets at once, each on its own thread with its own Engine.
//
// Workers claim the next target under one mutex, which also guards the counts and the report's slots,
// and serializes on_progress. A worker stops claiming once the run is stopping (a failure under
// stop_on_error, or cancellation); the target it is running always finishes.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "strata/fleet.h"

namespace strata {
namespace {

enum class FleetWork { kUp, kStatus };

int64_t MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

TargetResult RunFleetTarget(const FleetTarget& target, FleetWork work, const MigrationSet& set, const UpOptions& up,
                            const EngineOptions& engine_options) {
  const auto start = std::chrono::steady_clock::now();
  TargetResult result;
  result.target = target;
  auto engine = Engine::Open(target.url, engine_options);
  if (!engine.ok()) {
    result.outcome = TargetOutcome::kFailed;
    result.error = engine.status();
  } else if (work == FleetWork::kUp) {
    MigrationSet own = set;  // the engine takes it over; the shared set is only read
    auto run = (*engine)->Up(std::move(own), up);
    if (!run.ok()) {
      result.outcome = TargetOutcome::kFailed;
      result.error = run.status();
    } else {
      result.applied = run->Count(StepOutcome::kApplied) + run->Count(StepOutcome::kWouldApply);
      result.outcome = run->status.ok() ? TargetOutcome::kDone : TargetOutcome::kFailed;
      result.error = run->status;
      result.run = std::move(*run);
    }
  } else {
    auto status = (*engine)->GetStatus(set);
    if (!status.ok()) {
      result.outcome = TargetOutcome::kFailed;
      result.error = status.status();
    } else {
      result.outcome = TargetOutcome::kDone;
      result.status = std::move(*status);
    }
  }
  result.duration_ms = MillisecondsSince(start);
  return result;
}

FleetReport RunFleet(const std::vector<FleetTarget>& targets, FleetWork work, const MigrationSet& set,
                     const UpOptions& up, const FleetOptions& options, const EngineOptions& engine_options) {
  const auto start = std::chrono::steady_clock::now();
  FleetReport report;
  report.targets.resize(targets.size());
  for (size_t i = 0; i < targets.size(); ++i) report.targets[i].target = targets[i];

  std::mutex mutex;
  size_t next = 0;
  int done = 0, failed = 0, running = 0;
  bool stopping = false;
  const int total = static_cast<int>(targets.size());
  // REQUIRES: `mutex` held.
  auto tell = [&](FleetProgress::Kind kind, const TargetResult& result) {
    if (!options.on_progress) return;
    FleetProgress progress;
    progress.kind = kind;
    progress.result = &result;
    progress.total = total;
    progress.done = done;
    progress.failed = failed;
    progress.running = running;
    progress.elapsed_ms = MillisecondsSince(start);
    options.on_progress(progress);
  };
  auto worker = [&] {
    for (;;) {
      size_t i;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (options.cancel && options.cancel->load()) stopping = true;
        if (stopping || next >= targets.size()) return;
        i = next++;
        ++running;
        tell(FleetProgress::Kind::kStarted, report.targets[i]);
      }
      TargetResult result = RunFleetTarget(targets[i], work, set, up, engine_options);
      std::lock_guard<std::mutex> lock(mutex);
      --running;
      if (result.outcome == TargetOutcome::kDone) {
        ++done;
      } else {
        ++failed;
        if (options.stop_on_error) stopping = true;
      }
      report.targets[i] = std::move(result);
      tell(FleetProgress::Kind::kFinished, report.targets[i]);
    }
  };
  const size_t threads = std::clamp<size_t>(options.parallel < 1 ? 1 : options.parallel, 1,
                                            std::max<size_t>(targets.size(), 1));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  report.duration_ms = MillisecondsSince(start);
  return report;
}

}  // namespace

const char* TargetOutcomeName(TargetOutcome outcome) {
  switch (outcome) {
    case TargetOutcome::kNotStarted:
      return "not_started";
    case TargetOutcome::kDone:
      return "done";
    case TargetOutcome::kFailed:
      return "failed";
  }
  return "unknown";
}

int FleetReport::Count(TargetOutcome outcome) const {
  int count = 0;
  for (const TargetResult& t : targets) count += t.outcome == outcome;
  return count;
}

FleetReport FleetUp(const std::vector<FleetTarget>& targets, const MigrationSet& set, const UpOptions& up,
                    const FleetOptions& options) {
  return RunFleet(targets, FleetWork::kUp, set, up, options, options.engine);
}

FleetReport FleetStatus(const std::vector<FleetTarget>& targets, const MigrationSet& set,
                        const FleetOptions& options) {
  EngineOptions reader = options.engine;
  reader.create_missing = false;  // a status creates no database file
  return RunFleet(targets, FleetWork::kStatus, set, {}, options, reader);
}

}  // namespace strata
