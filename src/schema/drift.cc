#include "schema/drift.h"

#include <fmt/format.h>

#include <set>

namespace strata {

Result<DriftReport> CheckDrift(Engine& live, ScratchEngine& scratch, const MigrationSet& set) {
  auto status = live.GetStatus(set);
  if (!status.ok()) return status.status();
  DriftReport report;
  report.version = status->current_version;
  std::set<std::string> applied;
  for (const MigrationState& m : status->migrations) {
    if (m.status != "applied") continue;
    if (m.missing && !m.forgotten) {
      return Status(StatusCode::kValidationFailed,
                    fmt::format("migration {} {} is applied but its file is gone: drift replays the files, so "
                                "restore it (git) before checking drift",
                                m.version, m.name));
    }
    if (!m.missing) applied.insert(m.version);
  }
  MigrationSet replay = set;
  replay.migrations.clear();
  for (const Migration& m : set.migrations) {
    if (applied.count(m.version.text())) replay.migrations.push_back(m);
  }
  report.replayed = static_cast<int>(replay.migrations.size());
  if (!replay.migrations.empty()) {
    UpOptions options;
    options.allow_out_of_order = true;
    auto run = scratch.engine().Up(replay, options);
    if (!run.ok()) return run.status();
    if (!run->status.ok()) {
      Status s(run->status.code(), "replaying the applied migrations on a scratch database failed: " +
                                       run->status.message());
      if (run->status.location()) s.set_location(*run->status.location());
      return s;
    }
  }
  auto expected = scratch.ReadSchema();
  if (!expected.ok()) return expected.status();
  auto actual = ReadSchemaOf(live.connection());
  if (!actual.ok()) return actual.status();
  report.differences = CompareSchemas(*expected, *actual);
  return report;
}

}  // namespace strata
