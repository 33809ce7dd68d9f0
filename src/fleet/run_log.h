// The record of a fleet run that `strata up --resume` reads: which targets the run finished.
//
// A text file, appended to as each target finishes, so that a run killed midway has recorded every
// target it finished (a torn last line is ignored):
//   strata-fleet-run 1 <migrations>      the set the run applied: versions and checksums, hashed
//   done <target URL, redacted>
//   failed <target URL, redacted>
// A new run starts the file over; a resumed run appends to it, so "done" accumulates across resumes.
// Only the migrations' key guards a resume: after the set changed, every target must be checked again.
#pragma once

#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "strata/fleet.h"
#include "strata/migration.h"

namespace strata {

// What identifies a migration set in the log: its versions and checksums, hashed.
std::string MigrationSetKey(const MigrationSet& set);

class FleetRunLog {
 public:
  // A new log at `path`, replacing any earlier one (kIoError when it cannot be written).
  static Result<FleetRunLog> Start(const std::string& path, const std::string& key);
  // The log of the last run at `path`, to resume it: kInvalidArgument when there is none, when it is not
  // such a log, or when it was written for other migrations (`key`).
  static Result<FleetRunLog> Continue(const std::string& path, const std::string& key);

  // The targets (redacted URLs) the logged runs finished without failure.
  const std::set<std::string>& done() const { return done_; }
  bool IsDone(const FleetTarget& target) const;
  // Appends the outcome of a finished target and flushes it. Not-started targets are not recorded.
  Status Record(const TargetResult& result);
  const std::string& path() const { return path_; }

 private:
  FleetRunLog(std::string path, std::FILE* file) : path_(std::move(path)), file_(file, &std::fclose) {}
  std::string path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::set<std::string> done_;
};

}  // namespace strata
