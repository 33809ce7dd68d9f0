#include "drivers/mongodb/mongodb_driver.h"

#include <fmt/format.h>
#include <mongoc/mongoc.h>

#include <mutex>

#include "drivers/mongodb/mongodb_connection.h"

namespace strata {
namespace {

using mongodb::Json;

class Mongodb final : public Driver {
 public:
  std::string name() const override { return "mongodb"; }
  std::vector<std::string> schemes() const override { return {"mongodb", "mongodb+srv"}; }
  bool json_commands() const override { return true; }

  Result<std::unique_ptr<Connection>> Connect(const std::string& url, const ConnectOptions& options) const override {
    if (options.history_table.empty() || options.history_table.find_first_of("$.") != std::string::npos) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("history collection name '{}' must be non-empty, without '$' or '.'",
                                options.history_table));
    }
    static std::once_flag initialised;
    std::call_once(initialised, [] {
      mongoc_init();
      // libmongoc's own log lines would interleave with strata's output; errors reach the user as Status.
      mongoc_log_set_handler(nullptr, nullptr);
    });
    bson_error_t error;
    mongoc_uri_t* uri = mongoc_uri_new_with_error(url.c_str(), &error);
    if (!uri) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("invalid MongoDB URL '{}': {}", RedactUrl(url), error.message));
    }
    const char* database = mongoc_uri_get_database(uri);
    if (!database || !*database) {
      mongoc_uri_destroy(uri);
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("the MongoDB URL '{}' names no database; add it as the path, e.g. "
                                "mongodb://localhost:27017/app",
                                RedactUrl(url)));
    }
    // Fail fast on an unreachable server unless the URL says otherwise.
    if (!mongoc_uri_has_option(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS)) {
      mongoc_uri_set_option_as_int32(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, 10000);
    }
    if (!mongoc_uri_has_option(uri, MONGOC_URI_APPNAME)) mongoc_uri_set_appname(uri, "strata");
    mongoc_client_t* client = mongoc_client_new_from_uri_with_error(uri, &error);
    if (!client) {
      mongoc_uri_destroy(uri);
      return Status(StatusCode::kInvalidArgument, fmt::format("cannot use '{}': {}", RedactUrl(url), error.message));
    }
    mongoc_client_set_error_api(client, MONGOC_ERROR_API_VERSION_2);
    bson_t* hello = BCON_NEW("hello", BCON_INT32(1));
    bson_t reply;
    bool ok = mongoc_client_command_simple(client, "admin", hello, nullptr, &reply, &error);
    bson_destroy(hello);
    // Transactions need a replica set (setName) or a mongos router ("isdbgrid").
    bool transactions = false;
    bson_iter_t it;
    if (ok && bson_iter_init_find(&it, &reply, "setName")) transactions = true;
    if (ok && bson_iter_init_find(&it, &reply, "msg") && BSON_ITER_HOLDS_UTF8(&it) &&
        std::string(bson_iter_utf8(&it, nullptr)) == "isdbgrid") {
      transactions = true;
    }
    bson_destroy(&reply);
    if (!ok) {
      mongoc_client_destroy(client);
      mongoc_uri_destroy(uri);
      return Status(StatusCode::kDatabaseError,
                    fmt::format("cannot connect to MongoDB at '{}': {}", RedactUrl(url), error.message));
    }
    std::string name = database;
    return std::unique_ptr<Connection>(new MongodbConnection(uri, client, name, transactions, options));
  }
};

}  // namespace

const Driver& MongodbDriver() {
  static const Mongodb driver;
  return driver;
}

// The driver registers itself as its library starts: linked in (strata::mongodb asks the linker for
// strata_mongodb_driver, which pulls this file in) or loaded as a module (drivers/modules.h).
static const bool mongodb_registered = (RegisterDriver(MongodbDriver()), true);

}  // namespace strata

extern "C" const strata::Driver* strata_mongodb_driver() {
  (void)strata::mongodb_registered;
  return &strata::MongodbDriver();
}
