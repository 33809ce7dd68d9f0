// What the schema tests share: a connection opened by URL, a schema read that fails the test on error,
// and an object looked up by kind and name.
#pragma once
#include <filesystem>
#include <memory>
#include <vector>
#include <string>

#include "strata/driver.h"
#include "strata/schema.h"

namespace strata::testing {

// The driver's connection to `url`, or null after failing the test.
std::unique_ptr<Connection> OpenConnection(const std::string& url);

// `connection`'s schema, or an empty one after failing the test.
Schema ReadSchemaOrFail(Connection& connection);

// Second empty databases of a backend's kind, beside another database: files in `dir` for SQLite and
// DuckDB, else scratch databases on the same server (a dump names its schema, so PostgreSQL's must not
// be another schema of the same database). Those on a server are dropped with this object.
class SecondDatabases {
 public:
  explicit SecondDatabases(std::filesystem::path dir) : dir_(std::move(dir)) {}
  ~SecondDatabases();
  SecondDatabases(const SecondDatabases&) = delete;
  SecondDatabases& operator=(const SecondDatabases&) = delete;
  // The URL of a new one beside the database at `url` (always the same one); `name` names the file of
  // a file database.
  std::string New(const std::string& url, const std::string& name);

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Connection> admin_;
  std::vector<std::string> made_;
};

// The object of `kind` named `name`, or null.
const SchemaObject* FindObject(const Schema& schema, const std::string& kind, const std::string& name);

}  // namespace strata::testing
