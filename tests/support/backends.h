// The databases the shared suites run against: SQLite always, DuckDB when built in; PostgreSQL and MariaDB when
// scripts/test-servers.sh has started them (STRATA_TEST_POSTGRES_URL, STRATA_TEST_MARIADB_URL).
// With STRATA_TEST_REQUIRE_SERVERS=1 (as in CI) a server that is not configured fails its tests
// instead of being left out.
#pragma once

#include <ostream>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "support/temp_dir.h"

namespace strata::testing {

struct Backend {
  std::string name;
  std::string base_url;           // empty for SQLite; "" for a required server that is missing
  bool required_but_missing = false;
  bool transactional_ddl = true;
  std::string non_transactional;  // statements that must run outside a transaction
  bool append_only_enforced = true;  // the event log refuses UPDATE and DELETE (DuckDB has no triggers)
};

std::vector<Backend> Backends();
std::vector<Backend> ServerBackends();
// Those of Backends() with one of `names`, for a suite that concerns some databases only.
std::vector<Backend> BackendsNamed(std::initializer_list<std::string_view> names);
// The second PostgreSQL of scripts/test-servers.sh, which one test crashes and restarts
// (STRATA_TEST_POSTGRES_RESTARTABLE_URL); the others never use it.
std::vector<Backend> RestartableBackends();
// MongoDB: the wire-protocol fake that scripts/test-servers.sh starts (STRATA_TEST_MONGOFAKE_URL), and a
// real server when STRATA_TEST_MONGODB_URL points to one.
std::vector<Backend> MongoBackends();

// A URL of an empty, private database for one test: a file in `dir` for SQLite and DuckDB, a new schema
// (PostgreSQL) or database (MariaDB, MongoDB) on the server.
std::string FreshUrl(const Backend& backend, const TempDir& dir);

inline void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

}  // namespace strata::testing
