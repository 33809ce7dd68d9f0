// The URL parser and the redaction every printed URL goes through, on any text. Invariant: whenever the
// parser finds a password (of 4 characters or more) written as it is, redaction removes it from the
// user information: whatever a driver connects with, strata never prints its password.
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/url.h"
#include "strata/driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  auto parsed = strata::ParseUrl(url);
  const std::string redacted = strata::RedactUrl(url);
  if (!parsed.ok() || !parsed->password || parsed->password->size() < 4) return 0;
  const std::string& password = *parsed->password;
  // Where the password stands, found as a URL's grammar puts it (after "://", in the authority up to
  // the first '/' or '?', between the first ':' and the last '@'). Only a password written there as it
  // is (not percent-encoded) can be searched for; it may stand elsewhere too, which redaction keeps.
  const size_t start = url.find("://") + 3;
  const size_t end = std::min(url.find_first_of("/?", start), url.size());
  const size_t at = url.rfind('@', end - 1);
  const size_t colon = url.find(':', start);
  if (at == std::string::npos || at < start || colon >= at) return 0;
  if (url.compare(colon + 1, at - colon - 1, password) != 0) return 0;
  auto count = [&](const std::string& text) {
    size_t n = 0;
    for (size_t found = text.find(password); found != std::string::npos; found = text.find(password, found + 1)) ++n;
    return n;
  };
  if (count(redacted) >= count(url)) std::abort();
  return 0;
}
