#include "support/backends.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "strata/driver.h"

namespace strata::testing {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

Backend Server(const char* name, const char* env, bool transactional, std::string non_transactional) {
  Backend b{name, Env(env), false, transactional, std::move(non_transactional)};
  b.required_but_missing = b.base_url.empty() && Env("STRATA_TEST_REQUIRE_SERVERS") == "1";
  return b;
}

}  // namespace

std::vector<Backend> ServerBackends() {
  std::vector<Backend> out;
  for (Backend b : {Server("postgres", "STRATA_TEST_POSTGRES_URL", true,
                           "CREATE TABLE nt (id integer);\nCREATE INDEX CONCURRENTLY nt_id ON nt (id);"),
                    Server("mariadb", "STRATA_TEST_MARIADB_URL", false, "CREATE TABLE nt (id integer);")}) {
    if (!b.base_url.empty() || b.required_but_missing) out.push_back(b);
  }
  return out;
}

std::vector<Backend> RestartableBackends() {
  Backend b = Server("postgres", "STRATA_TEST_POSTGRES_RESTARTABLE_URL", true, "");
  if (b.base_url.empty() && !b.required_but_missing) return {};
  return {b};
}

std::vector<Backend> MongoBackends() {
  std::vector<Backend> out;
  Backend fake = Server("mongodb_fake", "STRATA_TEST_MONGOFAKE_URL", false, "");
  fake.append_only_enforced = false;  // MongoDB has no triggers: the event log is append-only by convention
  if (!fake.base_url.empty() || fake.required_but_missing) out.push_back(fake);
  // A real server may be a replica set: transactional_ddl then comes from the driver, not from here.
  if (!Env("STRATA_TEST_MONGODB_URL").empty()) {
    Backend real = Server("mongodb_real", "STRATA_TEST_MONGODB_URL", false, "");
    real.append_only_enforced = false;
    out.push_back(real);
  }
  return out;
}

std::vector<Backend> Backends() {
  std::vector<Backend> out = {{"sqlite", "", false, true, "VACUUM;"}};
#if STRATA_WITH_DUCKDB
  out.push_back({"duckdb", "", false, true, "CHECKPOINT;", false});
#endif
  for (const Backend& b : ServerBackends()) out.push_back(b);
  return out;
}

std::vector<Backend> BackendsNamed(std::initializer_list<std::string_view> names) {
  std::vector<Backend> out;
  for (const Backend& b : Backends()) {
    for (std::string_view name : names) {
      if (b.name == name) out.push_back(b);
    }
  }
  return out;
}

std::string FreshUrl(const Backend& backend, const TempDir& dir) {
  if (backend.required_but_missing) {
    ADD_FAILURE() << backend.name << " is required (STRATA_TEST_REQUIRE_SERVERS=1) but its URL is not set; run "
                  << "the tests through scripts/test.sh, which starts the servers";
    return "";
  }
  if (backend.name == "duckdb") return "duckdb:" + (dir.path() / "test.duckdb").string();
  if (backend.base_url.empty()) return "sqlite:" + (dir.path() / "test.db").string();
  // A private schema or database named after the temp dir: unique, and lower case for PostgreSQL.
  std::string suffix = dir.path().filename().string().substr(std::string("strata-test-").size());
  std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) {
    return std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '_';
  });
  static int count = 0;
  std::string name = "t_" + suffix + "_" + std::to_string(++count);
  if (backend.name.rfind("mongodb", 0) == 0) {
    // A database of its own; MongoDB creates it with its first write. Options stay after the path.
    std::string base = backend.base_url;
    size_t query = base.find('?');
    std::string options = query == std::string::npos ? "" : base.substr(query);
    base = base.substr(0, query);
    size_t hosts = base.find("://") + 3;
    size_t slash = base.find('/', hosts);
    if (slash != std::string::npos) base.resize(slash);
    return base + "/" + name + options;
  }
  auto driver = FindDriver(backend.base_url);
  EXPECT_TRUE(driver.ok());
  auto admin = (*driver)->Connect(backend.base_url, {});
  EXPECT_TRUE(admin.ok()) << admin.status().ToString();
  if (!admin.ok()) return "";
  bool postgres = backend.name == "postgres";
  Status created = (*admin)->Execute({(postgres ? "CREATE SCHEMA " : "CREATE DATABASE ") + name, "", 1});
  EXPECT_TRUE(created.ok()) << created.ToString();
  if (postgres) {
    return backend.base_url + (backend.base_url.find('?') == std::string::npos ? "?" : "&") + "schema=" + name;
  }
  return backend.base_url.substr(0, backend.base_url.rfind('/') + 1) + name;
}

}  // namespace strata::testing
