// PostgreSQL through libpq. URLs `postgres://` and `postgresql://` with libpq's own options
// (sslmode, connect_timeout, ...) and the PG* environment variables, plus strata's `schema` (or
// `search_path`): where the history lives, and the session's search_path.
#pragma once

#include "strata/driver.h"

namespace strata {

const Driver& PostgresDriver();

}  // namespace strata
