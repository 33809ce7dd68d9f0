// A database URL taken apart: scheme://user:password@host:port/path?key=value&...
// Components are percent-decoded. Pure; printing a URL goes through RedactUrl (strata/driver.h).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "strata/status.h"

namespace strata {

struct ParsedUrl {
  std::string scheme;
  std::string user;
  std::optional<std::string> password;
  std::string host;
  std::optional<int> port;
  std::string path;  // without the leading '/'
  std::vector<std::pair<std::string, std::string>> query;

  // The value of query parameter `key`, if present.
  std::optional<std::string> Param(const std::string& key) const;
};

// kInvalidArgument (with the URL redacted) for anything that is not scheme://...
Result<ParsedUrl> ParseUrl(const std::string& url);

// `url` without the query parameters named in `keys` (the rest kept as written).
std::string RemoveQueryParams(const std::string& url, const std::vector<std::string>& keys);

}  // namespace strata
