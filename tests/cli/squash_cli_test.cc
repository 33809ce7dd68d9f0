// `strata squash` end to end on every SQL backend: the baseline it writes builds a new database that dumps
// the same as one built by the original migrations; a database that applied them is unaffected; one that
// applied only some is stopped with what to do; and bad requests change nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/backends.h"
#include "support/schemas.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::Contains;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

class SquashCliTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    strata_.env["DATABASE_URL"] = url_;
    dir_.Write("db/migrations/001_users.sql",
               "-- strata:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL);\n"
               "-- strata:down\nDROP TABLE users;\n");
    dir_.Write("db/migrations/002_users_email.sql",
               "-- strata:up\nCREATE INDEX users_email ON users (email);\nALTER TABLE users ADD COLUMN nick VARCHAR(20);\n"
               "-- strata:down\nALTER TABLE users DROP COLUMN nick;\nDROP INDEX users_email" +
                   std::string(GetParam().name == "mariadb" ? " ON users" : "") + ";\n");
    dir_.Write("db/migrations/003_teams.sql",
               "-- strata:up\nCREATE TABLE teams (id INTEGER PRIMARY KEY, name VARCHAR(50));\n"
               "-- strata:down\nDROP TABLE teams;\n");
  }
  std::string SecondUrl(const std::string& name) { return second_.New(url_, name); }

  TempDir dir_;
  Strata strata_{dir_.path()};
  std::string url_;
  testing::SecondDatabases second_{dir_.path()};
};

TEST_P(SquashCliTest, TheBaselineBuildsTheSameSchemaAndOldDatabasesAreUnaffected) {
  // Built by the original migrations, then a second database with only the first of them.
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  const std::string partial = SecondUrl("partial");
  ASSERT_EQ(strata_({"--url", partial, "up", "--to", "001"}).exit_code, 0);
  const std::string original = strata_({"dump"}).out;

  Outcome squashed = strata_({"--json", "squash", "--to", "002", "--archive", "archive"});
  ASSERT_EQ(squashed.exit_code, 0) << squashed.out << squashed.err;
  json report = json::parse(squashed.out, nullptr, false);
  EXPECT_EQ(report["squashed"], json::array({"001", "002"}));
  EXPECT_EQ(report["file"], "db/migrations/002_squashed_baseline.sql");
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "archive/001_users.sql"));
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "archive/002_users_email.sql"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "db/migrations/001_users.sql"));

  // The database that applied them: nothing to do, nothing missing or modified.
  Outcome validate = strata_({"validate"});
  EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
  Outcome up = strata_({"--json", "up"});
  EXPECT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_EQ(json::parse(up.out, nullptr, false)["summary"]["applied"], 0) << up.out;
  json status = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_EQ(status["problems"].size(), 0u) << status;
  EXPECT_EQ(status["migrations"][0]["squashed"], true) << status;

  // A new database starts from the baseline and ends where the original did.
  const std::string fresh = SecondUrl("fresh");
  Outcome built = strata_({"--json", "--url", fresh, "up"});
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  EXPECT_EQ(json::parse(built.out, nullptr, false)["summary"]["applied"], 2) << built.out;
  EXPECT_EQ(strata_({"--url", fresh, "dump"}).out, original);

  // Half-way between: refused, with what to do.
  Outcome refused = strata_({"--url", partial, "up"});
  EXPECT_NE(refused.exit_code, 0) << refused.out;
  EXPECT_TRUE(Contains(refused.err, "applied some of them but not 002")) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "up --to 002")) << refused.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, SquashCliTest, ::testing::ValuesIn(testing::Backends()),
                         [](const auto& info) { return info.param.name; });

TEST(SquashCliErrors, BadRequestsChangeNothing) {
  TempDir dir;
  Strata strata(dir.path());
  strata.env["DATABASE_URL"] = "sqlite:app.db";
  dir.Write("db/migrations/001_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n");
  dir.Write("db/migrations/002_b.sql", "-- strata:up\nCREATE TABLE b (i INT);\nSELECT * FROM nowhere;\n");
  Outcome unknown = strata({"squash", "--to", "005"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_TRUE(Contains(unknown.err, "--to 005: no migration")) << unknown.err;
  Outcome broken = strata({"squash", "--to", "002"});
  EXPECT_EQ(broken.exit_code, 1) << broken.err;
  EXPECT_TRUE(Contains(broken.err, "nothing was changed")) << broken.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "db/migrations/002_b.sql"));
  dir.Write("db/migrations-squashed/001_a.sql", "taken\n");
  Outcome taken = strata({"squash", "--to", "001"});
  EXPECT_EQ(taken.exit_code, 2) << taken.err;
  EXPECT_TRUE(Contains(taken.err, "already holds 001_a.sql")) << taken.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "db/migrations/001_a.sql"));
  // A file kept beside its baseline is named.
  std::filesystem::remove(dir.path() / "db/migrations/001_a.sql");
  dir.Write("db/migrations/001_squashed_baseline.sql", "-- strata:baseline\n-- strata:up\nCREATE TABLE a (i INT);\n");
  dir.Write("db/migrations/000_old.sql", "-- strata:up\nSELECT 1;\n");
  Outcome kept = strata({"up"});
  EXPECT_NE(kept.exit_code, 0);
  EXPECT_TRUE(Contains(kept.err, "000 old is still in the directory")) << kept.err;
}

}  // namespace
}  // namespace strata
