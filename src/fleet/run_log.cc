#include "fleet/run_log.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "strata/source.h"

namespace strata {
namespace {

constexpr const char* kRunLogHeader = "strata-fleet-run 1 ";

Status RunLogIoError(const std::string& path, const char* doing) {
  return Status(StatusCode::kIoError, fmt::format("cannot {} the fleet run's state file '{}': {}; pass --state "
                                                  "FILE to keep it elsewhere",
                                                  doing, path, std::strerror(errno)));
}

}  // namespace

std::string MigrationSetKey(const MigrationSet& set) {
  std::string all;
  for (const Migration& m : set.migrations) all += m.version.text() + " " + m.checksum + "\n";
  return Checksum(all);
}

Result<FleetRunLog> FleetRunLog::Start(const std::string& path, const std::string& key) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (!file) return RunLogIoError(path, "write");
  FleetRunLog log(path, file);
  if (std::fprintf(file, "%s%s\n", kRunLogHeader, key.c_str()) < 0 || std::fflush(file) != 0) {
    return RunLogIoError(path, "write");
  }
  return log;
}

Result<FleetRunLog> FleetRunLog::Continue(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  if (!in) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("there is no fleet run to resume: '{}' does not exist; run without --resume", path));
  }
  std::string line;
  if (!std::getline(in, line) || line.rfind(kRunLogHeader, 0) != 0) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{}:1: not a strata fleet run's state file; run without --resume", path));
  }
  if (line.substr(std::strlen(kRunLogHeader)) != key) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("the migrations changed since the fleet run recorded in '{}': run without --resume, "
                              "so that every target is checked again",
                              path));
  }
  std::set<std::string> done;
  std::set<std::string> failed_since;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // a line without its newline was torn by a kill: not recorded
    if (line.rfind("done ", 0) == 0) done.insert(line.substr(5));
    if (line.rfind("failed ", 0) == 0) done.erase(line.substr(7));
  }
  in.close();
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (!file) return RunLogIoError(path, "append to");
  FleetRunLog log(path, file);
  log.done_ = std::move(done);
  return log;
}

bool FleetRunLog::IsDone(const FleetTarget& target) const { return done_.count(RedactUrl(target.url)) > 0; }

Status FleetRunLog::Record(const TargetResult& result) {
  if (result.outcome == TargetOutcome::kNotStarted) return Status::Ok();
  const std::string url = RedactUrl(result.target.url);
  const bool done = result.outcome == TargetOutcome::kDone;
  if (done) {
    done_.insert(url);
  } else {
    done_.erase(url);
  }
  if (std::fprintf(file_.get(), "%s %s\n", done ? "done" : "failed", url.c_str()) < 0 ||
      std::fflush(file_.get()) != 0) {
    return RunLogIoError(path_, "append to");
  }
  return Status::Ok();
}

}  // namespace strata
