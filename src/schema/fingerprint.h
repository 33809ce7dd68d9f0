// The schema's fingerprint, kept beside the history after every change strata makes, so that `status`
// can say the schema changed outside migrations without replaying them (`drift` says what changed).
#pragma once
#include <optional>
#include <string>

#include "strata/driver.h"

namespace strata {

// The newest applied version in `connection`'s history; "" when none is.
Result<std::string> NewestApplied(Connection& connection);

// Reads `connection`'s schema and keeps its fingerprint, with the newest applied version and the reader's
// stamp (SchemaReader::Stamp). Nothing happens where the database has no schema reader.
Status RecordSchemaFingerprint(Connection& connection);

// The version whose recorded schema the database no longer has; nothing when it still has it, when
// nothing was recorded, or when the history moved on since (a run that recorded no fingerprint).
// `newest_applied` is NewestApplied's answer, from a history the caller has already read. The schema is
// read only when the reader's stamp moved since it was kept (or none was kept).
Result<std::optional<std::string>> SchemaChangedSince(Connection& connection, const std::string& newest_applied);

}  // namespace strata
