// Scratch databases on a PostgreSQL server (postgres_schema.h): a new database beside the connection's,
// made from template0 (so nothing an administrator put into template1 comes along) with the connection
// database's encoding and locale; its URL is the connection's with the database replaced, so the
// credentials and options (the `schema` among them) stay. A role that may not create databases gets a
// new schema in the connection's database instead (its URL then names that schema): replaying
// migrations works the same there, but a dump whose names are qualified with another schema does not
// load into it.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <optional>
#include <random>

#include "core/url.h"
#include "drivers/postgres/postgres_schema.h"
#include "drivers/postgres/postgres_schema_queries.h"

namespace strata {
namespace {

constexpr const char* kPgScratchPrefix = "strata_scratch_";

// `url` with its database (the path) replaced by `database`, and no dbname parameter to override it.
std::string PgUrlWithDatabase(const std::string& url, const std::string& database) {
  std::string out = RemoveQueryParams(url, {"dbname"});
  const size_t authority = out.find("://");
  const size_t start = authority == std::string::npos ? 0 : authority + 3;
  const size_t query = out.find('?', start);
  const size_t path = out.find('/', start);
  if (path == std::string::npos || (query != std::string::npos && path > query)) {
    return out.insert(query == std::string::npos ? out.size() : query, "/" + database);
  }
  const size_t end = query == std::string::npos ? out.size() : query;
  return out.replace(path, end - path, "/" + database);
}

// `url` pointed at the schema `schema` instead of its own.
std::string PgUrlWithSchema(const std::string& url, const std::string& schema) {
  std::string out = RemoveQueryParams(url, {"schema", "search_path"});
  return out + (out.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;
}

class PgScratch final : public ScratchDatabases {
 public:
  PgScratch(SqlQueries& q, std::string url) : q_(q), url_(std::move(url)) {}

  Result<std::string> CreateScratch() override {
    static std::atomic<int> counter{0};
    const std::string name =
        fmt::format("{}{}_{}_{:06x}", kPgScratchPrefix, getpid(), ++counter, std::random_device()() & 0xffffff);
    auto may = q_.Query("SELECT (rolcreatedb OR rolsuper)::text FROM pg_roles WHERE rolname = current_user", {});
    if (!may.ok()) return may.status();
    const bool databases = !may->empty() && pg_schema::Cell((*may)[0], 0) == "true";
    // The statement is built by the server (format's %I and %L quote), from the name as a parameter.
    auto statement = q_.Query(
        databases ? "SELECT format('CREATE DATABASE %I TEMPLATE template0 ENCODING %L LC_COLLATE %L LC_CTYPE %L', ?::text, "
                    "pg_encoding_to_char(encoding), datcollate, datctype) FROM pg_database WHERE datname = current_database()"
                  : "SELECT format('CREATE SCHEMA %I', ?::text)",
        {name});
    if (!statement.ok()) return statement.status();
    if (statement->empty()) return Status(StatusCode::kDatabaseError, "cannot read the current database's settings");
    auto created = q_.Query(pg_schema::Cell((*statement)[0], 0), {});
    if (!created.ok()) {
      return Status(StatusCode::kDatabaseError,
                    fmt::format("cannot create the scratch {} {} on {}: {}", databases ? "database" : "schema", name,
                                RedactUrl(url_), created.status().message()))
          .set_database_message(created.status().database_message());
    }
    return databases ? PgUrlWithDatabase(url_, name) : PgUrlWithSchema(url_, name);
  }

  // A scratch schema's objects are qualified with its name: they take the origin schema's, and the
  // scratch schema itself becomes the origin's (which is not an object when it is `public`, as in a
  // new database). The scratch's name is strata's own and random, so it means nothing else in the text.
  Result<Schema> AsOrigin(Schema schema, const std::string& url) override {
    auto parsed = ParseUrl(url);
    if (!parsed.ok()) return parsed.status();
    const std::string scratch = parsed->Param("schema").value_or("");
    if (scratch.rfind(kPgScratchPrefix, 0) != 0) return schema;  // a database of its own: named alike
    auto origin_url = ParseUrl(url_);
    if (!origin_url.ok()) return origin_url.status();
    const std::optional<std::string> named = origin_url->Param("schema");
    auto origin = q_.Query("SELECT quote_ident(COALESCE(?::text, current_schema()))",
                           {named ? SqlValue(*named) : SqlValue()});
    if (!origin.ok()) return origin.status();
    const std::string to = origin->empty() ? "public" : pg_schema::Cell((*origin)[0], 0);
    auto rename = [&](std::string& text) {
      for (size_t at = text.find(scratch); at != std::string::npos; at = text.find(scratch, at + to.size())) {
        text.replace(at, scratch.size(), to);
      }
    };
    std::vector<SchemaObject> objects;
    objects.reserve(schema.objects.size());
    for (SchemaObject& object : schema.objects) {
      if (object.kind == "schema" && object.name == scratch && to == "public") continue;
      rename(object.name);
      rename(object.definition);
      objects.push_back(std::move(object));
    }
    schema.objects = std::move(objects);
    return schema;
  }

  Status DropScratch(const std::string& url) override {
    auto parsed = ParseUrl(url);
    if (!parsed.ok()) return parsed.status();
    const std::string database = parsed->Param("dbname").value_or(parsed->path);
    const std::string schema = parsed->Param("schema").value_or("");
    std::string sql;
    std::string name;
    if (database.rfind(kPgScratchPrefix, 0) == 0) {
      name = database;
      // WITH (FORCE) ends the sessions still connected to it (PostgreSQL 13 and later).
      sql = "SELECT format(CASE WHEN current_setting('server_version_num')::int >= 130000 "
            "THEN 'DROP DATABASE IF EXISTS %I WITH (FORCE)' ELSE 'DROP DATABASE IF EXISTS %I' END, ?::text)";
    } else if (schema.rfind(kPgScratchPrefix, 0) == 0) {
      name = schema;
      sql = "SELECT format('DROP SCHEMA IF EXISTS %I CASCADE', ?::text)";
    } else {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("{} is not a scratch database strata made (their names start with {}): not dropped",
                                RedactUrl(url), kPgScratchPrefix));
    }
    auto statement = q_.Query(sql, {name});
    if (!statement.ok()) return statement.status();
    auto dropped = q_.Query(pg_schema::Cell((*statement)[0], 0), {});
    if (!dropped.ok()) {
      return Status(StatusCode::kDatabaseError,
                    fmt::format("cannot drop the scratch {} {}: {}", database == name ? "database" : "schema", name,
                                dropped.status().message()))
          .set_database_message(dropped.status().database_message());
    }
    return Status::Ok();
  }

 private:
  SqlQueries& q_;
  std::string url_;
};

}  // namespace

std::unique_ptr<ScratchDatabases> PostgresScratchDatabases(SqlQueries& queries, std::string url) {
  return std::make_unique<PgScratch>(queries, std::move(url));
}

}  // namespace strata
