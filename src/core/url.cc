#include <cctype>
#include <algorithm>
#include <string>

#include "strata/driver.h"

namespace strata {

std::string RedactUrl(const std::string& url) {
  // scheme://user:password@host -> scheme://user:***@host, split exactly as ParseUrl splits it (the
  // authority ends at the first '/' or '?', the user information at its last '@'), whatever the scheme.
  std::string out = url;
  size_t start = std::string::npos, authority_end = std::string::npos;
  if (size_t scheme_end = out.find("://"); scheme_end != std::string::npos) {
    start = scheme_end + 3;
    authority_end = std::min(out.find_first_of("/?", start), out.size());
    const size_t at = out.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
    if (at != std::string::npos && at >= start) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
    authority_end = std::min(out.find_first_of("/?", start), out.size());
  }
  // password=... in a query string, or in a key=value connection string: a key that starts the text or
  // follows one of ?&; or a space. (A scan, not std::regex: this runs on every message with a URL.)
  auto is_separator = [](char c) { return c == '?' || c == '&' || c == ';' || std::isspace(static_cast<unsigned char>(c)); };
  auto ends_value = [](char c) { return c == '&' || c == '#' || c == ';' || std::isspace(static_cast<unsigned char>(c)); };
  std::string redacted;
  redacted.reserve(out.size());
  size_t i = 0;
  while (i < out.size()) {
    if (i == 0 || is_separator(out[i - 1])) {
      size_t key_end = i;
      while (key_end < out.size() && std::isalpha(static_cast<unsigned char>(out[key_end]))) ++key_end;
      std::string key = out.substr(i, key_end - i);
      std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
      if (key_end < out.size() && out[key_end] == '=' && (key == "password" || key == "pass" || key == "pwd")) {
        redacted.append(out, i, key_end + 1 - i).append("***");
        // A value inside the authority ends with it: the '/' or '?' that ends it must stay, or a
        // reader would take the rest of the text for the authority.
        const size_t end = i >= start && i < authority_end ? authority_end : out.size();
        i = key_end + 1;
        while (i < end && !ends_value(out[i])) ++i;
        continue;
      }
    }
    redacted.push_back(out[i++]);
  }
  return redacted;
}

}  // namespace strata

#include <fmt/format.h>

#include "core/url.h"

namespace strata {
namespace {

std::optional<std::string> PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || !isxdigit(static_cast<unsigned char>(s[i + 1])) ||
          !isxdigit(static_cast<unsigned char>(s[i + 2]))) {
        return std::nullopt;
      }
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> ParsedUrl::Param(const std::string& key) const {
  for (const auto& [k, v] : query) {
    if (k == key) return v;
  }
  return std::nullopt;
}

Result<ParsedUrl> ParseUrl(const std::string& url) {
  auto bad = [&](const std::string& why) {
    return Status(StatusCode::kInvalidArgument, fmt::format("invalid database URL '{}': {}", RedactUrl(url), why));
  };
  ParsedUrl out;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return bad("expected scheme://user:password@host:port/database");
  out.scheme = url.substr(0, scheme_end);
  // RFC 3986: a letter, then letters, digits, '+', '-' or '.'. Anything else is no URL this parser
  // should split (and "?password=" in it would confuse redaction).
  auto scheme_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; };
  if (out.scheme.empty() || !std::isalpha(static_cast<unsigned char>(out.scheme[0])) ||
      !std::all_of(out.scheme.begin(), out.scheme.end(), scheme_char)) {
    return bad("the scheme before \"://\" must be a name such as postgres or mysql");
  }
  std::string rest = url.substr(scheme_end + 3);
  std::string query;
  if (size_t q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string authority = rest;
  if (size_t slash = rest.find('/'); slash != std::string::npos) {
    authority = rest.substr(0, slash);
    auto path = PercentDecode(rest.substr(slash + 1));
    if (!path) return bad("bad percent-encoding in the path");
    out.path = *path;
  }
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    std::string userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    auto user = PercentDecode(userinfo.substr(0, colon));
    if (!user) return bad("bad percent-encoding in the user name");
    out.user = *user;
    if (colon != std::string::npos) {
      auto password = PercentDecode(userinfo.substr(colon + 1));
      if (!password) return bad("bad percent-encoding in the password");
      out.password = *password;
    }
  }
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    std::string port = authority.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5) {
      return bad("the port must be a number");
    }
    out.port = std::stoi(port);
    authority = authority.substr(0, colon);
  }
  out.host = authority;
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    std::string pair = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    start = amp == std::string::npos ? query.size() : amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq));
    auto value = PercentDecode(eq == std::string::npos ? "" : pair.substr(eq + 1));
    if (!key || !value) return bad("bad percent-encoding in the query");
    out.query.emplace_back(*key, *value);
  }
  return out;
}

std::string RemoveQueryParams(const std::string& url, const std::vector<std::string>& keys) {
  size_t q = url.find('?');
  if (q == std::string::npos) return url;
  std::string kept;
  size_t start = q + 1;
  while (start <= url.size()) {
    size_t amp = url.find('&', start);
    std::string pair = url.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    std::string key = pair.substr(0, pair.find('='));
    bool drop = pair.empty();
    for (const std::string& k : keys) drop = drop || key == k;
    if (!drop) kept += (kept.empty() ? "" : "&") + pair;
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
}

}  // namespace strata
