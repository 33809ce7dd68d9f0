// Wall-clock time as strata records it.
#pragma once

#include <string>

namespace strata {

// Now, as ISO 8601 UTC with milliseconds: "2026-11-22T09:30:00.123Z".
std::string NowUtc();

// Now, as a 14-digit timestamp version: "20261122093000".
std::string NowVersion();

}  // namespace strata
