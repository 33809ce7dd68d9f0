#include "engine/history_record.h"

#include "core/clock.h"

namespace strata {

HistoryRecord RealignedRecord(const HistoryRecord& record, const Migration& migration) {
  HistoryRecord r = record;
  r.checksum = migration.checksum;
  r.up_text = migration.up.text;
  r.down_text.reset();
  r.down_transaction = true;
  if (migration.format == MigrationFormat::kCode) {
    r.category = kCodeCategory;
  } else if (migration.down) {
    r.down_text = migration.down->text;
    r.down_transaction = migration.down->transaction;
  }
  return r;
}

HistoryRecord AppliedRecord(const Migration& migration, const std::string& actor, int64_t apply_order,
                            const std::string& stored_version) {
  HistoryRecord r;
  r.version = stored_version.empty() ? migration.version.text() : stored_version;
  r.name = migration.name;
  r.status = MigrationStatus::kApplied;
  r.applied_at = NowUtc();
  r.applied_by = actor;
  r.apply_order = apply_order;
  return RealignedRecord(r, migration);
}

}  // namespace strata
