// Targets from a query on the base database: one schema name or URL a row.
#include <fmt/format.h>

#include <map>

#include "strata/fleet.h"

namespace strata {

Result<std::vector<FleetTarget>> QueryFleetTargets(const std::string& base_url, const std::string& sql) {
  if (base_url.empty()) {
    return Status(StatusCode::kInvalidArgument,
                  "--targets-query runs on the base database: give it with --url (or DATABASE_URL)");
  }
  auto driver = FindDriver(base_url);
  if (!driver.ok()) return driver.status();
  ConnectOptions connect;
  connect.create_missing = false;
  auto connection = (*driver)->Connect(base_url, connect);
  if (!connection.ok()) return connection.status();
  SqlQueries* queries = (*connection)->sql();
  if (!queries) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{} runs no SQL queries: list the targets in a file with --targets",
                              (*driver)->name()));
  }
  auto rows = queries->Query(sql, {});
  if (!rows.ok()) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("the targets query failed on {}: {}", RedactUrl(base_url), rows.status().message()));
  }
  std::vector<FleetTarget> targets;
  std::map<std::string, size_t> row_of_url;
  for (size_t i = 0; i < rows->size(); ++i) {
    const SqlRow& row = (*rows)[i];
    const std::string origin = fmt::format("query row {}", i + 1);
    if (row.empty() || !row[0]) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("{}: the targets query returned NULL; return one schema name or URL a row "
                                "(filter out NULLs)",
                                origin));
    }
    auto url = FleetTargetUrl(base_url, *row[0]);
    if (!url.ok()) return Status(url.status().code(), origin + ": " + url.status().message());
    auto [it, added] = row_of_url.emplace(*url, i + 1);
    if (!added) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("{}: '{}' is the same target as row {}: return each target once (SELECT DISTINCT)",
                                origin, RedactUrl(*row[0]), it->second));
    }
    targets.push_back({RedactUrl(*row[0]), *url, origin});
  }
  if (targets.empty()) {
    return Status(StatusCode::kInvalidArgument, "the targets query returned no rows: there is nothing to run on");
  }
  return targets;
}

}  // namespace strata
