// One consistent look at a database for one HTTP request: its status, health, audit trail, runner lock
// and the risk of each migration. Read afresh for every request, on an engine opened for it alone.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "strata/history.h"
#include "strata/lint.h"
#include "strata/report.h"
#include "strata/serve.h"
#include "strata/startup.h"

namespace strata::serve {

// The risk analysis's verdict on one migration's up part: its highest open severity and the rules.
struct MigrationRisk {
  std::optional<lint::Severity> highest;  // nothing when no finding is left open
  std::vector<std::string> rules;         // open findings' rules, in file order
};

struct Snapshot {
  std::string database;  // the URL, redacted
  StatusReport report;
  Health health;
  std::string lock_holder;  // "" when the runner lock is free
  std::vector<HistoryEvent> events;  // the newest first; only with Reads::history
  std::map<std::string, MigrationRisk> risks;  // by version, migrations with a file; only with Reads::risks
  std::string taken_at;  // when it was read, ISO 8601 UTC
};

// What an endpoint needs beyond the status: reading less answers sooner.
struct Reads {
  bool history = false;
  bool risks = false;
};

// kDatabaseError and the like when the database cannot be reached or read; the migrations' load error
// when they cannot be loaded.
Result<Snapshot> TakeSnapshot(const ServeOptions& options, Reads reads);

}  // namespace strata::serve
