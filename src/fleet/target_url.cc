// A targets list's entry made a URL: a URL as it is, a path on a file database, a schema of the base.
#include <fmt/format.h>

#include "core/url.h"
#include "drivers/sql/sql_history.h"
#include "strata/fleet.h"

namespace strata {
namespace {

Status BadTargetEntry(std::string message) { return Status(StatusCode::kInvalidArgument, std::move(message)); }

// `base` with its database (the URL's path) replaced by `database`, its options kept.
std::string WithDatabase(const std::string& base, const std::string& database) {
  const size_t hosts = base.find("://") + 3;
  const size_t query = base.find('?', hosts);
  const size_t path = base.find('/', hosts);
  const size_t authority_end = std::min(path, query);
  std::string url = base.substr(0, std::min(authority_end, base.size())) + "/" + database;
  if (query != std::string::npos) url += base.substr(query);
  return url;
}

}  // namespace

Result<std::string> FleetTargetUrl(const std::string& base_url, const std::string& entry) {
  if (entry.find(':') != std::string::npos) {
    auto driver = FindDriver(entry);
    if (!driver.ok()) {
      return BadTargetEntry(fmt::format("'{}' is not a database URL strata knows: {}", RedactUrl(entry),
                                        driver.status().message()));
    }
    return entry;
  }
  const bool path_like = entry.find_first_of("/.") != std::string::npos;
  // SQLite is strata's database when none is named, so a path alone is a SQLite file.
  if (base_url.empty() && path_like) return "sqlite:" + entry;
  if (base_url.empty()) {
    return BadTargetEntry(fmt::format(
        "'{}' is a schema name with no database to find it in: give the database with --url (or DATABASE_URL), "
        "or write a full URL on the line",
        entry));
  }
  auto driver = FindDriver(base_url);
  if (!driver.ok()) return driver.status();
  const std::string kind = (*driver)->name();
  if (kind == "sqlite" || kind == "duckdb") {
    if (path_like) return base_url.substr(0, base_url.find(':')) + ":" + entry;
    return BadTargetEntry(fmt::format(
        "'{}' is a schema name, but {} has no schemas: write the database file's path (e.g. tenants/{}.db) or "
        "its URL ({}:tenants/{}.db)",
        entry, kind, entry, kind, entry));
  }
  if (path_like || !IsPlainIdentifier(entry)) {
    return BadTargetEntry(fmt::format(
        "'{}' is neither a URL nor a schema name (letters, digits and '_', not starting with a digit)", entry));
  }
  if (kind == "postgres") {
    std::string url = RemoveQueryParams(base_url, {"schema", "search_path"});
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "schema=" + entry;
  }
  if (kind == "mysql" || kind == "mongodb") return WithDatabase(base_url, entry);
  return BadTargetEntry(fmt::format("'{}' is a schema name, but {} has no schemas: write a URL on the line",
                                    entry, kind));
}

}  // namespace strata
