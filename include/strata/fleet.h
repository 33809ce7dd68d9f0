// Fleets: one migration set applied to many databases or schemas (a database or schema per tenant).
//
// A fleet is a list of targets, each a database URL. A targets list comes from a file (one URL, path or
// schema name a line) or from a query run on a base database (one value a row). A schema name becomes a
// URL of the base database: on PostgreSQL its `schema` parameter, on MySQL/MariaDB and MongoDB its
// database. SQLite and DuckDB have no schemas: their lines are paths or URLs.
//
// Guarantees of FleetUp and FleetStatus:
//  1. Each target gets its own Engine and connection, so its own runner lock (on PostgreSQL the lock key
//     holds the schema) and its own history: what holds for one database (strata/engine.h) holds for each.
//  2. At most `parallel` targets run at once. A target's failure does not stop the others, unless
//     stop_on_error: then the running ones finish and those not yet started are reported kNotStarted.
//  3. Cancellation (FleetOptions::cancel) starts no new target; running ones finish, so no target is
//     left half-done by the fleet itself. The report then lists the rest as kNotStarted.
//  4. Every target is in the report, in the order given, whatever happened to it.
//
// Thread safety: the runner uses one thread per running target, each with its own Engine. Callbacks
// (on_progress, and EngineOptions' on_progress and on_risk) are called from those threads: on_progress
// one call at a time; EngineOptions' callbacks concurrently, so they must be thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/engine.h"
#include "strata/report.h"
#include "strata/status.h"

namespace strata {

struct FleetTarget {
  std::string name;  // as listed: the schema name, path or URL (a URL with its password redacted)
  std::string url;   // what is connected to
  std::string origin;  // where it was listed: "targets.txt:12", or "query row 3"
};

// The URL of the target `entry` names, given the base database `base_url` ("" when none):
//  - an entry with ':' is a URL, taken as it is (its scheme must be a known driver's);
//  - otherwise, with a base URL of a file database (SQLite, DuckDB), an entry with '/' or '.' is a path
//    (relative to the working directory) given the base's scheme; with no base URL, a path is a SQLite
//    file (strata's default database);
//  - otherwise a schema name (letters, digits, '_'): the base URL's schema on PostgreSQL, its database
//    on MySQL/MariaDB and MongoDB; refused where the database has no schemas (SQLite, DuckDB).
// kInvalidArgument saying what to write instead.
Result<std::string> FleetTargetUrl(const std::string& base_url, const std::string& entry);

// The targets of a targets file's text: one entry a line; blank lines and lines starting with '#' are
// skipped, and so is what follows " #" on a line. A repeated target (the same URL) is an error naming
// both lines. Errors are kInvalidArgument as "FILE:LINE: what, what to do" (`file` names the text).
Result<std::vector<FleetTarget>> ParseFleetTargets(std::string_view text, const std::string& file,
                                                   const std::string& base_url);
// The same, reading `path` (kIoError when it cannot be read, saying so). An empty list is an error.
Result<std::vector<FleetTarget>> ReadFleetTargets(const std::string& path, const std::string& base_url);
// The targets a query returns on `base_url`: the first column of each row, a schema name or a URL as in
// FleetTargetUrl. The query runs on its own connection, closed before this returns. kInvalidArgument for
// a NULL, a repeated value, no rows, or a database without SQL queries.
Result<std::vector<FleetTarget>> QueryFleetTargets(const std::string& base_url, const std::string& sql);

enum class TargetOutcome {
  kNotStarted,  // stop_on_error or cancellation came first
  kDone,        // up: every step succeeded (perhaps nothing to do); status: read
  kFailed,      // could not connect, refused, or a migration failed
};
const char* TargetOutcomeName(TargetOutcome outcome);

struct TargetResult {
  FleetTarget target;
  TargetOutcome outcome = TargetOutcome::kNotStarted;
  Status error;              // the first failure, when kFailed
  int64_t duration_ms = 0;   // from connecting to the end
  std::optional<RunReport> run;        // FleetUp: the target's run, when it got as far as running
  std::optional<StatusReport> status;  // FleetStatus: the target's status, when read
  // FleetUp: migrations applied (or that would be, in a dry run).
  int applied = 0;
};

struct FleetReport {
  std::vector<TargetResult> targets;  // in the order given
  int64_t duration_ms = 0;
  int Count(TargetOutcome outcome) const;
  bool ok() const { return Count(TargetOutcome::kDone) == static_cast<int>(targets.size()); }
};

// What the runner says as targets start and finish, for a live view.
struct FleetProgress {
  enum class Kind { kStarted, kFinished };
  Kind kind = Kind::kStarted;
  const TargetResult* result = nullptr;  // the target started or finished; valid during the call only
  int total = 0, done = 0, failed = 0, running = 0;  // done and failed: finished so far
  int64_t elapsed_ms = 0;
};

struct FleetOptions {
  // Targets run at once. Default: 1.
  int parallel = 1;
  // After a target fails, start no more. Default: false, every target is tried.
  bool stop_on_error = false;
  // Each target's Engine is opened with a copy of these (the URL is the target's).
  EngineOptions engine;
  // Called from the worker threads, one call at a time. Default: none.
  std::function<void(const FleetProgress&)> on_progress;
  // When it becomes true, no target starts any more. Default: none.
  const std::atomic<bool>* cancel = nullptr;
};

// Applies `set` to every target with `up` (strata/engine.h UpOptions).
FleetReport FleetUp(const std::vector<FleetTarget>& targets, const MigrationSet& set, const UpOptions& up,
                    const FleetOptions& options);
// Reads every target's status (EngineOptions as for a reader: nothing is created or changed).
FleetReport FleetStatus(const std::vector<FleetTarget>& targets, const MigrationSet& set,
                        const FleetOptions& options);

}  // namespace strata
