// What a Connection does where its driver says nothing: no backups yet.
#include <fmt/format.h>

#include "strata/driver.h"

namespace strata {
namespace {

Status NoBackups(const Connection& connection) {
  return Status(StatusCode::kRefused,
                fmt::format("backups are not available for {} yet (MongoDB has them); take one with the database's own "
                            "tools before a risky migration",
                            connection.capabilities().dialect));
}

}  // namespace

Result<std::vector<BackupInfo>> Connection::Backup(const std::string&, const std::string&,
                                                   const std::vector<std::string>&) {
  return NoBackups(*this);
}

Result<std::vector<BackupInfo>> Connection::ListBackups() { return NoBackups(*this); }

Result<BackupInfo> Connection::RestoreBackup(const std::string&) { return NoBackups(*this); }

}  // namespace strata
