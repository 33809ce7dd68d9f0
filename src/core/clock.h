// Wall-clock time as strata records it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace strata {

// Now, as ISO 8601 UTC with milliseconds: "2026-11-22T09:30:00.123Z".
std::string NowUtc();

// Now, as a 14-digit timestamp version: "20261122093000".
std::string NowVersion();

// Seconds from the ISO 8601 UTC time `at` ("2026-11-22T09:30:00.123Z", as NowUtc writes it, or with a
// space for the T) until now; nothing when `at` is not such a time.
std::optional<int64_t> SecondsSince(const std::string& at);

}  // namespace strata
