// AnswerRequest: the routing, the token and the errors of strata serve; the bodies are health_json,
// metrics and status_page.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/url.h"
#include "serve/health_json.h"
#include "serve/metrics.h"
#include "serve/snapshot.h"
#include "serve/status_page.h"
#include "strata/driver.h"
#include "strata/serve.h"

namespace strata {
namespace {

constexpr const char* kServeJsonType = "application/json";

ServeResponse ServeJsonError(int status, const std::string& message, const std::string& code = "") {
  nlohmann::json body = {{"error", message}};
  if (!code.empty()) body["code"] = code;
  return {status, kServeJsonType, body.dump() + "\n", {}};
}

// Equal texts, in a time that does not depend on where they first differ (a token guessed byte by
// byte learns nothing from how long a refusal takes).
bool SameTokenInConstantTime(const std::string& given, const std::string& expected) {
  size_t n = std::max(given.size(), expected.size());
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    unsigned char a = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    unsigned char b = i < expected.size() ? static_cast<unsigned char>(expected[i]) : 0;
    diff |= a ^ b;
  }
  return diff == 0;
}

bool BearerTokenAccepted(const std::string& token, const std::string& authorization) {
  if (token.empty()) return true;
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() < kScheme.size()) return false;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return false;
  }
  return SameTokenInConstantTime(authorization.substr(kScheme.size()), token);
}

// A database's error may quote what it was given: the password is cut out of any message shown.
std::string WithoutUrlSecrets(std::string message, const std::string& url) {
  auto replace_all = [&message](const std::string& secret, const std::string& with) {
    if (secret.empty()) return;
    for (size_t at = message.find(secret); at != std::string::npos; at = message.find(secret, at + with.size())) {
      message.replace(at, secret.size(), with);
    }
  };
  replace_all(url, RedactUrl(url));
  if (auto parsed = ParseUrl(url); parsed.ok() && parsed->password && parsed->password->size() >= 3) {
    replace_all(*parsed->password, "***");
  }
  return message;
}

enum class ServeEndpoint { kPage, kHealth, kHealthDetailed, kMetrics };

std::optional<ServeEndpoint> ServeEndpointOf(const std::string& path) {
  if (path == "/" || path.empty()) return ServeEndpoint::kPage;
  if (path == "/health" || path == "/health/") return ServeEndpoint::kHealth;
  if (path == "/health/detailed") return ServeEndpoint::kHealthDetailed;
  if (path == "/metrics") return ServeEndpoint::kMetrics;
  return std::nullopt;
}

}  // namespace

ServeResponse AnswerRequest(const ServeOptions& options, const ServeRequest& request) {
  if (!BearerTokenAccepted(options.token, request.authorization)) {
    ServeResponse r = ServeJsonError(401, "a bearer token is required: send the header 'Authorization: Bearer <token>'");
    r.headers.push_back({"WWW-Authenticate", "Bearer realm=\"strata\""});
    return r;
  }
  std::string path = request.path.substr(0, request.path.find('?'));
  std::optional<ServeEndpoint> endpoint = ServeEndpointOf(path);
  if (!endpoint) {
    return ServeJsonError(404, fmt::format("no such page: {}; strata serve answers /, /health, /health/detailed and /metrics",
                                      path.size() > 200 ? path.substr(0, 200) + "..." : path));
  }
  if (request.method != "GET" && request.method != "HEAD") {
    ServeResponse r = ServeJsonError(405, "strata serve only reads: use GET (or HEAD)");
    r.headers.push_back({"Allow", "GET, HEAD"});
    return r;
  }
  serve::Reads reads;
  reads.history = reads.risks = *endpoint == ServeEndpoint::kPage;
  auto snapshot = serve::TakeSnapshot(options, reads);
  if (!snapshot.ok()) {
    // Unreachable or unreadable: not healthy, so probes see 503, and people see why.
    return ServeJsonError(503,
                     fmt::format("cannot read the migrations of {}: {}", RedactUrl(options.url),
                                 WithoutUrlSecrets(snapshot.status().message(), options.url)),
                     StatusCodeName(snapshot.status().code()));
  }
  const int health_code = snapshot->health.healthy() ? 200 : 503;
  switch (*endpoint) {
    case ServeEndpoint::kHealth:
      return {health_code, kServeJsonType, serve::HealthJson(*snapshot) + "\n", {}};
    case ServeEndpoint::kHealthDetailed:
      return {health_code, kServeJsonType, serve::DetailedHealthJson(*snapshot) + "\n", {}};
    case ServeEndpoint::kMetrics:
      return {200, serve::kPrometheusContentType, serve::PrometheusMetrics(*snapshot), {}};
    case ServeEndpoint::kPage:
      break;
  }
  return {200, "text/html; charset=utf-8", serve::StatusPage(*snapshot), {}};
}

}  // namespace strata
