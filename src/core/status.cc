#include "strata/status.h"

#include <fmt/format.h>

namespace strata {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kInvalidMigration: return "invalid_migration";
    case StatusCode::kValidationFailed: return "validation_failed";
    case StatusCode::kMigrationFailed: return "migration_failed";
    case StatusCode::kIrreversible: return "irreversible";
    case StatusCode::kDirty: return "dirty";
    case StatusCode::kLockTimeout: return "lock_timeout";
    case StatusCode::kDatabaseError: return "database_error";
    case StatusCode::kInvalidHistory: return "invalid_history";
    case StatusCode::kIoError: return "io_error";
    case StatusCode::kRefused: return "refused";
    case StatusCode::kUnsupported: return "unsupported";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (location_ && !location_->file.empty()) {
    if (location_->line > 0) return fmt::format("{}:{}: {}", location_->file, location_->line, message_);
    return fmt::format("{}: {}", location_->file, message_);
  }
  return message_;
}

}  // namespace strata
