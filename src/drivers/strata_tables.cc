#include "drivers/strata_tables.h"

namespace strata {

bool IsStrataObjectName(const std::string& name, const std::string& history) {
  for (const std::string& base : {history, history + "_seeds"}) {
    if (name.compare(0, base.size(), base) != 0) continue;
    const std::string suffix = name.substr(base.size());
    for (const char* own : {"", "_events", "_meta", "_lock", "_backups", "_event_ids", "_events_append_only"}) {
      if (suffix == own) return true;
    }
  }
  return false;
}

}  // namespace strata
