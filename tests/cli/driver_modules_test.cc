// Drivers as modules (src/drivers/modules.h), run as a user runs strata: a run on SQLite maps no other
// database's client library (nor the HTTP server's); the first PostgreSQL URL loads libstrata-postgres.so and libpq; a module
// that is not there, or cannot be loaded, is a clear error that names the file and what to install.
// The dynamic loader itself reports what it maps (LD_DEBUG=files).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Contains;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

TEST(DriverModulesTest, ASqliteRunMapsNoOtherDatabaseClientAndAPostgresUrlLoadsItsModule) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "db/migrations");
  Strata strata(dir.path());
  strata.env["LD_DEBUG"] = "files";
  Outcome sqlite = strata({"--url", "sqlite:app.db", "status"});
  ASSERT_EQ(sqlite.exit_code, 0) << sqlite.err;
  ASSERT_TRUE(Contains(sqlite.err, "libsqlite3")) << "LD_DEBUG reported nothing: " << sqlite.err;
  // Nor the HTTP server's libraries, which only `strata serve` loads (libstrata-serve.so).
  for (const char* library : {"libpq", "libmariadb", "libmongoc", "libduckdb", "libstrata-", "libcpp-httplib", "libssl"}) {
    EXPECT_FALSE(Contains(sqlite.err, library)) << library << " mapped for a SQLite run";
  }
  // Port 1 refuses at once: the driver loaded, connected and failed.
  Outcome postgres = strata({"--url", "postgres://strata@127.0.0.1:1/none", "status"});
  EXPECT_NE(postgres.exit_code, 0);
  EXPECT_TRUE(Contains(postgres.err, "libstrata-postgres.so")) << postgres.err;
  EXPECT_TRUE(Contains(postgres.err, "libpq.so")) << postgres.err;
  EXPECT_TRUE(Contains(postgres.err, "cannot connect to PostgreSQL")) << postgres.err;
  EXPECT_FALSE(Contains(postgres.err, "libmariadb")) << "MySQL's client mapped for a PostgreSQL run";
}

// SHA-256 comes from libcrypto, opened on the first checksum: a report over applied files the facts cache
// knows (`up` left their facts there) computes none, so it never maps it.
TEST(DriverModulesTest, AReportOverCachedFilesMapsNoLibcrypto) {
  TempDir dir;
  dir.Write("db/migrations/001_users.sql", "-- strata:up\nCREATE TABLE users (id INTEGER);\n");
  Strata strata(dir.path());
  strata.env["XDG_CACHE_HOME"] = (dir.path() / "cache").string();
  strata.env["LD_DEBUG"] = "files";
  Outcome up = strata({"--url", "sqlite:app.db", "up"});  // reads and checksums the file
  ASSERT_EQ(up.exit_code, 0) << up.err;
  ASSERT_TRUE(Contains(up.err, "libcrypto")) << "LD_DEBUG reported no libcrypto for a checksum: " << up.err;
  for (const char* command : {"status", "validate"}) {
    Outcome report = strata({"--url", "sqlite:app.db", command});
    ASSERT_EQ(report.exit_code, 0) << command << ": " << report.err;
    EXPECT_FALSE(Contains(report.err, "libcrypto")) << "libcrypto mapped for " << command << " with every file cached";
  }
}

TEST(DriverModulesTest, AMissingModuleIsNamedWithWhereItWasLookedFor) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "db/migrations");
  std::filesystem::create_directories(dir.path() / "empty");
  Strata strata(dir.path());
  strata.env["STRATA_DRIVER_PATH"] = (dir.path() / "empty").string();
  Outcome missing = strata({"--url", "postgres://app:s3cret@127.0.0.1:1/none", "status"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_TRUE(Contains(missing.err, "PostgreSQL driver is not installed")) << missing.err;
  EXPECT_TRUE(Contains(missing.err, "libstrata-postgres.so")) << missing.err;
  EXPECT_TRUE(Contains(missing.err, (dir.path() / "empty").string())) << missing.err;
  EXPECT_FALSE(Contains(missing.err, "s3cret")) << missing.err;
  // SQLite needs no module.
  Outcome sqlite = strata({"--url", "sqlite:app.db", "status"});
  EXPECT_EQ(sqlite.exit_code, 0) << sqlite.err;
}

TEST(DriverModulesTest, AModuleThatCannotBeLoadedSaysWhyAndWhatToInstall) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "db/migrations");
  std::filesystem::create_directories(dir.path() / "broken");
  std::ofstream(dir.path() / "broken/libstrata-mysql.so") << "not a shared object\n";
  Strata strata(dir.path());
  strata.env["STRATA_DRIVER_PATH"] = (dir.path() / "broken").string();
  Outcome broken = strata({"--url", "mysql://app@127.0.0.1:1/none", "status"});
  EXPECT_NE(broken.exit_code, 0);
  EXPECT_TRUE(Contains(broken.err, "cannot load strata's MySQL/MariaDB driver")) << broken.err;
  EXPECT_TRUE(Contains(broken.err, "libstrata-mysql.so")) << broken.err;
  EXPECT_TRUE(Contains(broken.err, "apt-get install libmariadb3")) << broken.err;
}

}  // namespace
}  // namespace strata
