// The text forms of the public enums, as stored in history and printed.
#include "strata/history.h"
#include "strata/migration.h"

namespace strata {

const char* MigrationStatusName(MigrationStatus status) {
  switch (status) {
    case MigrationStatus::kApplied: return "applied";
    case MigrationStatus::kFailed: return "failed";
    case MigrationStatus::kReverted: return "reverted";
    case MigrationStatus::kRunning: return "running";
  }
  return "unknown";
}

std::optional<MigrationStatus> ParseMigrationStatus(const std::string& text) {
  for (auto s : {MigrationStatus::kApplied, MigrationStatus::kFailed, MigrationStatus::kReverted,
                 MigrationStatus::kRunning}) {
    if (text == MigrationStatusName(s)) return s;
  }
  return std::nullopt;
}

const char* EventActionName(EventAction action) {
  switch (action) {
    case EventAction::kApply: return "apply";
    case EventAction::kRevert: return "revert";
    case EventAction::kFail: return "fail";
    case EventAction::kBaseline: return "baseline";
    case EventAction::kRepair: return "repair";
    case EventAction::kImport: return "import";
  }
  return "unknown";
}

std::optional<EventAction> ParseEventAction(const std::string& text) {
  for (auto a : {EventAction::kApply, EventAction::kRevert, EventAction::kFail, EventAction::kBaseline,
                 EventAction::kRepair, EventAction::kImport}) {
    if (text == EventActionName(a)) return a;
  }
  return std::nullopt;
}

const char* MigrationFormatName(MigrationFormat format) {
  switch (format) {
    case MigrationFormat::kStrata: return "strata";
    case MigrationFormat::kDbmate: return "dbmate";
    case MigrationFormat::kGolangMigrate: return "golang-migrate";
    case MigrationFormat::kCode: return "code";
    case MigrationFormat::kMongoJson: return "mongodb-json";
    case MigrationFormat::kFlyway: return "flyway";
    case MigrationFormat::kGoose: return "goose";
    case MigrationFormat::kSqlMigrate: return "sql-migrate";
  }
  return "unknown";
}

const std::vector<std::string>& MigrationCategories() {
  static const std::vector<std::string> kCategories = {"schema", "data", "index", "constraint", "seed"};
  return kCategories;
}

}  // namespace strata
