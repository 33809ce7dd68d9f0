// DuckDB: analytics files. URLs `duckdb:PATH`, `duckdb://PATH`, `duckdb:///ABSOLUTE`, `duckdb::memory:`.
// Optional in a build: CMake STRATA_WITH_DUCKDB with DUCKDB_ROOT (scripts/fetch-duckdb.sh).
#pragma once

#include "strata/driver.h"

namespace strata {

const Driver& DuckdbDriver();

}  // namespace strata
