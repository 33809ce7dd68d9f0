#include "drivers/postgres/postgres_driver.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include "core/url.h"
#include "drivers/postgres/postgres_connection.h"
#include "drivers/sql/sql_history.h"

namespace strata {
namespace {

class Postgres final : public Driver {
 public:
  std::string name() const override { return "postgres"; }
  std::vector<std::string> schemes() const override { return {"postgres", "postgresql"}; }

  Result<std::unique_ptr<Connection>> Connect(const std::string& url, const ConnectOptions& options) const override {
    auto parsed = ParseUrl(url);
    if (!parsed.ok()) return parsed.status();
    // `schema` (or the first of a `search_path` list) is where the history lives; the whole list becomes
    // the session's search_path, so migrations' unqualified names land there too.
    std::string search_path = parsed->Param("schema").value_or(parsed->Param("search_path").value_or(""));
    std::string schema = search_path.substr(0, search_path.find(','));
    schema.erase(0, schema.find_first_not_of(' '));
    schema.erase(schema.find_last_not_of(' ') + 1);
    if (!schema.empty() && !IsPlainIdentifier(schema)) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("schema '{}' in the URL is not a plain identifier (letters, digits, '_')", schema));
    }
    STRATA_RETURN_IF_ERROR(CheckHistoryTableName(options.history_table));
    // libpq rejects parameters it does not know; strata's own are taken out first.
    std::string conninfo = RemoveQueryParams(url, {"schema", "search_path"});
    const char* keys[] = {"dbname", "application_name", "fallback_application_name", nullptr};
    const char* values[] = {conninfo.c_str(), nullptr, "strata", nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string message = conn ? PQerrorMessage(conn) : "out of memory";
      while (!message.empty() && message.back() == '\n') message.pop_back();
      PQfinish(conn);
      return Status(StatusCode::kDatabaseError,
                    fmt::format("cannot connect to PostgreSQL at {}: {}", RedactUrl(url), message))
          .set_database_message(message);
    }
    // NOTICEs ("schema already exists, skipping") are not errors; keep them off the user's terminal.
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
    auto connection = std::make_unique<PostgresConnection>(conn, schema, options, url);
    STRATA_RETURN_IF_ERROR(connection->Configure(search_path));
    return std::unique_ptr<Connection>(std::move(connection));
  }
};

}  // namespace

const Driver& PostgresDriver() {
  static const Postgres driver;
  return driver;
}

// The driver registers itself as its library starts: linked in (strata::postgres asks the linker for
// strata_postgres_driver, which pulls this file in) or loaded as a module (drivers/modules.h).
static const bool postgres_registered = (RegisterDriver(PostgresDriver()), true);

}  // namespace strata

extern "C" const strata::Driver* strata_postgres_driver() {
  (void)strata::postgres_registered;
  return &strata::PostgresDriver();
}
