#include "engine/history_check.h"

#include <fmt/format.h>

#include <map>

#include "strata/version.h"

namespace strata {

Status CheckHistory(const std::vector<HistoryRecord>& history, const std::string& where) {
  constexpr size_t kMaxListed = 10;
  std::vector<std::string> problems;
  std::map<std::string, const HistoryRecord*> by_number;
  for (const HistoryRecord& r : history) {
    if (problems.size() >= kMaxListed) break;
    auto version = Version::Parse(r.version);
    if (!version) {
      problems.push_back(fmt::format("the row for '{}' ({}) has a version that is not digits, so no file matches it "
                                     "and its migration would run again",
                                     r.version, r.name));
      continue;
    }
    auto [it, inserted] = by_number.emplace(version->number(), &r);
    if (!inserted) {
      problems.push_back(fmt::format("versions '{}' and '{}' are two rows for one version; delete the wrong one",
                                     it->second->version, r.version));
    }
    if (r.checksum.empty() && r.status != MigrationStatus::kReverted) {
      problems.push_back(fmt::format("the row for {} ({}) has no checksum, so an edit of its file would go "
                                     "unnoticed",
                                     r.version, r.name));
    }
  }
  if (problems.empty()) return Status::Ok();
  std::string message = fmt::format("the history ({}) holds what strata did not write, so it cannot be trusted; "
                                    "nothing was changed:",
                                    where);
  for (const std::string& p : problems) message += "\n  " + p;
  message += "\nMend the rows by hand (the audit trail, `strata history`, shows what was applied), or restore the "
             "history from a backup";
  return Status(StatusCode::kInvalidHistory, message);
}

}  // namespace strata
