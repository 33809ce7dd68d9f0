// The drivers strata knows. Adding a database: its folder under src/drivers/ and one line here.
#include <fmt/format.h>

#include "drivers/sqlite/sqlite_driver.h"
#if STRATA_WITH_POSTGRES
#include "drivers/postgres/postgres_driver.h"
#endif
#if STRATA_WITH_MYSQL
#include "drivers/mysql/mysql_driver.h"
#endif
#if STRATA_WITH_MONGODB
#include "drivers/mongodb/mongodb_driver.h"
#endif
#if STRATA_WITH_DUCKDB
#include "drivers/duckdb/duckdb_driver.h"
#endif
#include "strata/driver.h"

namespace strata {

const std::vector<const Driver*>& Drivers() {
  static const std::vector<const Driver*> drivers = {
      &SqliteDriver(),
#if STRATA_WITH_POSTGRES
      &PostgresDriver(),
#endif
#if STRATA_WITH_MYSQL
      &MysqlDriver(),
#endif
#if STRATA_WITH_MONGODB
      &MongodbDriver(),
#endif
#if STRATA_WITH_DUCKDB
      &DuckdbDriver(),
#endif
  };
  return drivers;
}

Result<const Driver*> FindDriver(const std::string& url) {
  size_t colon = url.find(':');
  std::string scheme = colon == std::string::npos ? "" : url.substr(0, colon);
  std::string known;
  for (const Driver* driver : Drivers()) {
    for (const std::string& s : driver->schemes()) {
      if (s == scheme) return driver;
      known += (known.empty() ? "" : ", ") + s + ":";
    }
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("no driver for database URL '{}'; known schemes: {} (for example sqlite:app.db)",
                            RedactUrl(url), known));
}

}  // namespace strata
