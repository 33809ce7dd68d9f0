#include "support/plans.h"

namespace strata::testing {

HistoryRecord Applied(const Migration& m, int64_t order) {
  HistoryRecord r;
  r.version = m.version.text();
  r.name = m.name;
  r.checksum = m.checksum;
  r.status = MigrationStatus::kApplied;
  r.apply_order = order;
  r.up_text = m.up.text;
  if (m.down) r.down_text = m.down->text;
  return r;
}

std::vector<std::string> Versions(const Plan& plan) {
  std::vector<std::string> out;
  for (const Step& s : plan.steps) out.push_back(s.version.text());
  return out;
}

}  // namespace strata::testing
