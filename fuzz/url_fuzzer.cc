// The URL parser and the redaction every printed URL goes through, on any text. Invariant: whenever the
// parser finds a password (of 4 characters or more), the redacted URL, parsed again, has at most the
// mask for a password: whatever a driver connects with, strata never prints its password.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/url.h"
#include "strata/driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  auto parsed = strata::ParseUrl(url);
  const std::string redacted = strata::RedactUrl(url);
  if (!parsed.ok() || !parsed->password || parsed->password->size() < 4) return 0;
  // The redacted URL, read by the same parser, must carry no password but the mask: redaction and the
  // parser agree on where the password stands. (Searching the redacted text for the password instead
  // would find false leaks: user "$3" and password "$3:*" give "$3:***", which contains it.)
  auto reparsed = strata::ParseUrl(redacted);
  // (A "pass=" the query redaction finds inside the authority may blank more; that prints less, not more.)
  if (reparsed.ok() && reparsed->password && *reparsed->password != "***") std::abort();
  return 0;
}
