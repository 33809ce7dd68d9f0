#include "drivers/mysql/mysql_driver.h"

#include <fmt/format.h>
#include <mysql.h>

#include <algorithm>

#include "core/url.h"
#include "drivers/mysql/mysql_connection.h"
#include "drivers/sql/sql_history.h"

namespace strata {
namespace {

class Mysql final : public Driver {
 public:
  std::string name() const override { return "mysql"; }
  std::vector<std::string> schemes() const override { return {"mysql", "mariadb"}; }

  Result<std::unique_ptr<Connection>> Connect(const std::string& url, const ConnectOptions& options) const override {
    auto u = ParseUrl(url);
    if (!u.ok()) return u.status();
    if (u->path.empty()) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("'{}' names no database; write mysql://user:password@host:port/DATABASE",
                                RedactUrl(url)));
    }
    STRATA_RETURN_IF_ERROR(CheckHistoryTableName(options.history_table));
    MYSQL* mysql = mysql_init(nullptr);
    if (!mysql) return Status(StatusCode::kDatabaseError, "out of memory");
    mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    std::string socket;
    for (const auto& [key, value] : u->query) {
      if (key == "connect_timeout") {
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos) {
          mysql_close(mysql);
          return Status(StatusCode::kInvalidArgument,
                        fmt::format("connect_timeout '{}' must be a whole number of seconds", value));
        }
        unsigned int seconds = static_cast<unsigned int>(std::stoul(value));
        mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &seconds);
      } else if (key == "socket") {
        socket = value;
      } else if (key == "ssl-mode" || key == "sslmode") {
        std::string mode = value;
        std::transform(mode.begin(), mode.end(), mode.begin(), [](unsigned char c) { return std::toupper(c); });
        my_bool yes = 1;
        if (mode == "REQUIRED" || mode == "VERIFY_IDENTITY") mysql_options(mysql, MYSQL_OPT_SSL_ENFORCE, &yes);
        if (mode == "VERIFY_IDENTITY") mysql_options(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &yes);
        if (mode != "REQUIRED" && mode != "VERIFY_IDENTITY" && mode != "DISABLED") {
          mysql_close(mysql);
          return Status(StatusCode::kInvalidArgument,
                        fmt::format("ssl-mode '{}' is not one of DISABLED, REQUIRED, VERIFY_IDENTITY", value));
        }
      } else {
        mysql_close(mysql);
        return Status(StatusCode::kInvalidArgument,
                      fmt::format("unknown URL parameter '{}'; known: connect_timeout, socket, ssl-mode", key));
      }
    }
    std::string host = u->host.empty() ? "localhost" : u->host;
    if (!mysql_real_connect(mysql, host.c_str(), u->user.empty() ? nullptr : u->user.c_str(),
                            u->password ? u->password->c_str() : nullptr, u->path.c_str(),
                            static_cast<unsigned int>(u->port.value_or(0)), socket.empty() ? nullptr : socket.c_str(),
                            0)) {
      std::string message = mysql_error(mysql);
      mysql_close(mysql);
      return Status(StatusCode::kDatabaseError,
                    fmt::format("cannot connect to MySQL at {}: {}", RedactUrl(url), message))
          .set_database_message(message);
    }
    auto connection = std::make_unique<MysqlConnection>(mysql, url, u->path, options);
    STRATA_RETURN_IF_ERROR(connection->Configure());
    return std::unique_ptr<Connection>(std::move(connection));
  }
};

}  // namespace

const Driver& MysqlDriver() {
  static const Mysql driver;
  return driver;
}

// The driver registers itself as its library starts: linked in (strata::mysql asks the linker for
// strata_mysql_driver, which pulls this file in) or loaded as a module (drivers/modules.h).
static const bool mysql_registered = (RegisterDriver(MysqlDriver()), true);

}  // namespace strata

extern "C" const strata::Driver* strata_mysql_driver() {
  (void)strata::mysql_registered;
  return &strata::MysqlDriver();
}
