#include <fmt/format.h>

#include <cstdlib>

#include "strata/startup.h"

namespace strata {

// Read by the migration files' readers (a batch's pause, a step's timeout) and by the environment
// (MAX_MIGRATION_TIME), so it lives apart from both.
Result<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  std::string unit = end ? std::string(end) : "";
  double scale = unit.empty() || unit == "s" ? 1000
                 : unit == "ms"               ? 1
                 : unit == "m"                ? 60000
                 : unit == "h"                ? 3600000
                 : unit == "d"                ? 86400000
                                              : -1;
  if (end == text.c_str() || scale < 0 || value < 0) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("'{}' is not a duration: write seconds (90) or with a unit (500ms, 90s, 10m, 1h, 30d)", text));
  }
  return std::chrono::milliseconds(static_cast<int64_t>(value * scale));
}

}  // namespace strata
