// SQLite: the embedded default. URLs `sqlite:PATH`, `sqlite://PATH`, `sqlite:///ABSOLUTE`,
// `sqlite::memory:` (also with the scheme `sqlite3`).
#pragma once

#include "strata/driver.h"

namespace strata {

const Driver& SqliteDriver();

}  // namespace strata
