// `drift` and `squash` for a PostgreSQL role that may not create databases: their scratch is then a new
// schema beside the connection's, whose objects read qualified with its own name. They must still compare
// and write as if it were the connection's schema: no drift where there is none, the one change made by
// hand, and a baseline that names no scratch schema.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "strata/driver.h"
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

class ScratchSchemaCliTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    admin_url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(admin_url_.empty());
    admin_ = testing::OpenConnection(admin_url_);
    ASSERT_NE(admin_, nullptr);
    role_ = "strata_nocreatedb_" + std::to_string(std::random_device()() % 1000000);
    auto database = admin_->sql()->Query("SELECT current_database()", {});
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    database_ = (*database)[0][0].value_or("");
    const std::string schema = admin_url_.substr(admin_url_.rfind("schema=") + 7);
    Admin("CREATE ROLE " + role_ + " LOGIN NOCREATEDB;\nGRANT CREATE ON DATABASE " + database_ + " TO " + role_ +
          ";\nALTER SCHEMA " + schema + " OWNER TO " + role_ + ";");
    // The same server and schema, as the role (the test server trusts local connections).
    const size_t at = admin_url_.find('@');
    ASSERT_NE(at, std::string::npos) << "the test server's URL names no user";
    strata_.env["DATABASE_URL"] = admin_url_.substr(0, admin_url_.find("://") + 3) + role_ + admin_url_.substr(at);
    dir_.Write("db/migrations/001_users.sql",
               "-- strata:up\n"
               "CREATE TABLE users (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email TEXT NOT NULL);\n"
               "CREATE INDEX users_email ON users (email);\n"
               "-- strata:down\nDROP TABLE users;\n");
    dir_.Write("db/migrations/002_orders.sql",
               "-- strata:up\n"
               "CREATE TABLE orders (id SERIAL PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n"
               "CREATE VIEW order_count AS SELECT user_id, count(*) AS n FROM orders GROUP BY user_id;\n"
               "-- strata:down\nDROP VIEW order_count;\nDROP TABLE orders;\n");
  }
  void TearDown() override {
    if (admin_ && !role_.empty()) {
      Admin("DROP OWNED BY " + role_ + " CASCADE;\nREVOKE CREATE ON DATABASE " + database_ + " FROM " + role_ +
            ";\nDROP ROLE " + role_ + ";");
    }
  }
  void Admin(const std::string& sql) {
    Script script;
    script.text = sql;
    Status done = admin_->Execute(script);
    ASSERT_TRUE(done.ok()) << done.ToString();
  }

  TempDir dir_;
  Strata strata_{dir_.path()};
  std::string admin_url_, role_, database_;
  std::unique_ptr<Connection> admin_;
};

TEST_P(ScratchSchemaCliTest, DriftAndSquashNameTheConnectionsSchemaNotTheScratch) {
  Outcome up = strata_({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;

  Outcome none = strata_({"drift"});
  EXPECT_EQ(none.exit_code, 0) << none.out << none.err;
  EXPECT_TRUE(Contains(none.out, "no drift")) << none.out;

  Admin("ALTER TABLE users ADD COLUMN nickname TEXT;");
  Outcome drift = strata_({"--json", "drift"});
  EXPECT_EQ(drift.exit_code, 1) << drift.out << drift.err;
  json report = json::parse(drift.out, nullptr, false);
  ASSERT_EQ(report["differences"].size(), 1u) << drift.out;
  EXPECT_EQ(report["differences"][0]["change"], "changed");
  EXPECT_TRUE(Contains(report["differences"][0]["actual"], "nickname")) << drift.out;
  EXPECT_FALSE(Contains(drift.out, "strata_scratch_")) << drift.out;
  Admin("ALTER TABLE users DROP COLUMN nickname;");

  const std::string original = strata_({"dump"}).out;
  Outcome squashed = strata_({"squash", "--to", "002", "--archive", "archive"});
  ASSERT_EQ(squashed.exit_code, 0) << squashed.out << squashed.err;
  std::ifstream in(dir_.path() / "db/migrations/002_squashed_baseline.sql");
  std::stringstream baseline;
  baseline << in.rdbuf();
  EXPECT_FALSE(Contains(baseline.str(), "strata_scratch_")) << baseline.str();
  EXPECT_TRUE(Contains(baseline.str(), "CREATE TABLE")) << baseline.str();
  // The scratch schemas are gone again.
  auto left = admin_->sql()->Query("SELECT count(*)::text FROM pg_namespace WHERE nspname LIKE 'strata\\_scratch\\_%'"
                                   " AND pg_get_userbyid(nspowner) = ?",
                                   {SqlValue(role_)});
  ASSERT_TRUE(left.ok()) << left.status().ToString();
  EXPECT_EQ((*left)[0][0].value_or(""), "0");
  // The database that applied the originals has nothing to do, and its schema reads as before.
  Outcome validate = strata_({"validate"});
  EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
  EXPECT_EQ(strata_({"dump"}).out, original);
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ScratchSchemaCliTest);
INSTANTIATE_TEST_SUITE_P(Servers, ScratchSchemaCliTest, ::testing::ValuesIn(testing::BackendsNamed({"postgres"})),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace strata
