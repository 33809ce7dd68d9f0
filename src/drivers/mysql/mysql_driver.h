// MySQL and MariaDB through MariaDB Connector/C. URLs `mysql://` and `mariadb://`:
// user:password@host:port/database, with `connect_timeout` (seconds), `socket` (a Unix socket path)
// and `ssl-mode` (DISABLED, REQUIRED, VERIFY_IDENTITY).
#pragma once

#include "strata/driver.h"

namespace strata {

const Driver& MysqlDriver();

}  // namespace strata
