// End-to-end: `strata seed` and `seed status` (cli/cmd_seed.cc), the built binary on a temporary project:
// seeds apply apart from migrations, per environment, changed ones only with --force; on SQLite, and on
// PostgreSQL when scripts/test-servers.sh started it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

using testing::Contains;

// A seed that sets the theme, written to run twice: the form a seed edited after it ran should take.
std::string ThemeSeed(const std::string& value) {
  return "-- strata:up\nINSERT INTO settings (key, value) VALUES ('theme', '" + value +
         "')\n  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;\n";
}

constexpr const char* kRolesTable =
    "-- strata:up\nCREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
    "-- strata:down\nDROP TABLE roles;\n";

class SeedTest : public ::testing::Test {
 protected:
  SeedTest() : strata_(dir_.path()) {
    Use("sqlite:" + (dir_.path() / "app.db").string());
    strata_.env["STRATA_SEEDS_DIR"] = "";  // empty counts as unset: the developer's own never leaks in
  }
  void Use(const std::string& url) {
    url_ = url;
    strata_.env["DATABASE_URL"] = url_;
  }
  void Migration(const std::string& file, const std::string& content) { dir_.Write("db/migrations/" + file, content); }
  // `file` under db/seeds/, e.g. "001_roles.sql" or "development/002_demo.sql".
  void Seed(const std::string& file, const std::string& content) { dir_.Write("db/seeds/" + file, content); }
  json Json(const std::vector<std::string>& args, int expected_exit = 0) {
    std::vector<std::string> with = args;
    with.insert(with.begin(), "--json");
    Outcome o = strata_(with);
    EXPECT_EQ(o.exit_code, expected_exit) << o.out << o.err;
    return json::parse(o.out, nullptr, false);
  }
  // The first column of every row, comma-separated: "admin,editor". A session of the test's own.
  std::string Values(const std::string& sql, const std::string& url = "") {
    const std::string& target = url.empty() ? url_ : url;
    auto c = (*FindDriver(target))->Connect(target, {});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (!c.ok()) return "";
    auto rows = (*c)->sql()->Query(sql, {});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    if (!rows.ok()) return "";
    std::string out;
    for (const SqlRow& row : *rows) out += (out.empty() ? "" : ",") + row[0].value_or("NULL");
    return out;
  }
  // Each seed's status as `seed status --json` reports it: "001 applied, 002 changed".
  std::string SeedStates(const std::vector<std::string>& global = {}) {
    std::vector<std::string> args = global;
    args.insert(args.end(), {"seed", "status"});
    json status = Json(args);
    std::string out;
    for (const json& s : status["seeds"]) {
      out += fmt::format("{}{} {}", out.empty() ? "" : ", ", s["version"].get<std::string>(),
                         s["status"].get<std::string>());
    }
    return out;
  }

  TempDir dir_;
  Strata strata_;
  std::string url_;
};

TEST_F(SeedTest, SeedsApplyInVersionOrderAndUpNeverRunsThem) {
  Migration("001_roles.sql", kRolesTable);
  // Written in reverse: 002 reads what 001 inserts, so it only works in version order.
  Seed("002_copy.sql",
       "-- strata:up\nINSERT INTO roles (id, name) SELECT 2, name || '-copy' FROM roles WHERE id = 1;\n");
  Seed("001_admin.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (1, 'admin');\n");

  Outcome up = strata_({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Values("SELECT count(*) FROM roles"), "0");
  EXPECT_EQ(Json({"status"})["summary"]["total"], 1) << "seeds are not migrations";

  Outcome seed = strata_({"seed"});
  ASSERT_EQ(seed.exit_code, 0) << seed.out << seed.err;
  EXPECT_TRUE(Contains(seed.out, "2 applied, 0 skipped, 0 failed")) << seed.out;
  EXPECT_EQ(Values("SELECT name FROM roles ORDER BY id"), "admin,admin-copy");
  EXPECT_EQ(Values("SELECT version FROM strata_migrations_seeds ORDER BY version"), "001,002");
  EXPECT_EQ(Values("SELECT version FROM strata_migrations"), "001") << "the migrations' history holds no seed";

  Outcome again = strata_({"seed"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Contains(again.out, "nothing to seed: every seed of db/seeds is applied")) << again.out;
  EXPECT_EQ(Json({"seed"})["summary"]["applied"], 0);

  // A new migration and a new seed: `up` applies the one, leaves the other to `seed`.
  Migration("002_more.sql", "-- strata:up\nALTER TABLE roles ADD COLUMN note TEXT;\n");
  Seed("003_viewer.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (3, 'viewer');\n");
  EXPECT_EQ(Json({"up"})["summary"]["applied"], 1);
  EXPECT_EQ(Values("SELECT count(*) FROM roles"), "2");
  EXPECT_EQ(Json({"seed"})["summary"]["applied"], 1);
  EXPECT_EQ(Values("SELECT count(*) FROM roles"), "3");
}

TEST_F(SeedTest, StatusShowsAppliedPendingAndChanged) {
  Migration("001_roles.sql", kRolesTable);
  Seed("001_admin.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (1, 'admin');\n");
  Seed("002_editor.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (2, 'editor');\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  // Read-only before anything ran: all pending, and no history table is created.
  EXPECT_EQ(SeedStates(), "001 pending, 002 pending");
  EXPECT_EQ(Values("SELECT count(*) FROM sqlite_master WHERE name LIKE 'strata_migrations_seeds%'"), "0");

  ASSERT_EQ(strata_({"seed"}).exit_code, 0);
  Seed("002_editor.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (2, 'writer');\n");
  Seed("003_viewer.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (3, 'viewer');\n");
  EXPECT_EQ(SeedStates(), "001 applied, 002 changed, 003 pending");

  json status = Json({"seed", "status"});
  EXPECT_EQ(status["directory"], "db/seeds");
  EXPECT_TRUE(status["environment"].is_null());
  EXPECT_EQ(status["table"], "strata_migrations_seeds");
  EXPECT_EQ(status["summary"]["total"], 3);
  EXPECT_EQ(status["summary"]["applied"], 1);
  EXPECT_EQ(status["summary"]["changed"], 1);
  EXPECT_EQ(status["summary"]["pending"], 1);
  EXPECT_EQ(status["seeds"][1]["file"], "db/seeds/002_editor.sql");
  EXPECT_FALSE(status["seeds"][0]["applied_at"].is_null());
  EXPECT_TRUE(status["seeds"][2]["applied_at"].is_null());

  Outcome text = strata_({"seed", "status"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(Contains(text.out, "1 applied, 1 pending, 1 changed")) << text.out;
  EXPECT_TRUE(Contains(text.out, "history table strata_migrations_seeds")) << text.out;
  EXPECT_TRUE(Contains(text.out, "strata seed --force")) << text.out;

  // The seeds' table follows --table.
  EXPECT_EQ(Json({"--table", "app_history", "seed", "status"})["table"], "app_history_seeds");
}

TEST_F(SeedTest, EnvironmentPicksItsFolderPlusTheSharedFiles) {
  Migration("001_roles.sql", kRolesTable);
  Seed("001_admin.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (1, 'admin');\n");
  Seed("003_auditor.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (3, 'auditor');\n");
  Seed("development/002_demo.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (2, 'demo');\n");
  Seed("production/004_oncall.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (4, 'oncall');\n");
  const std::string dev = "sqlite:" + (dir_.path() / "dev.db").string();
  const std::string prod = "sqlite:" + (dir_.path() / "prod.db").string();
  const std::string shared = url_;
  for (const std::string& url : {dev, prod, shared}) ASSERT_EQ(strata_({"--url", url, "up"}).exit_code, 0);

  // development: the shared files and development/, merged in version order.
  json seeded = Json({"--url", dev, "--env", "development", "seed"});
  ASSERT_EQ(seeded["migrations"].size(), 3u) << seeded.dump();
  EXPECT_EQ(seeded["migrations"][1]["version"], "002");
  EXPECT_EQ(Values("SELECT name FROM roles ORDER BY id", dev), "admin,demo,auditor");
  json status = Json({"--url", dev, "--env", "development", "seed", "status"});
  EXPECT_EQ(status["environment"], "development");
  EXPECT_EQ(status["environment_directory"], "db/seeds/development");
  EXPECT_EQ(status["seeds"][1]["file"], "db/seeds/development/002_demo.sql");

  // production, named by STRATA_ENV: its own folder, never development's.
  strata_.env["STRATA_ENV"] = "production";
  Outcome production = strata_({"--url", prod, "seed"});
  EXPECT_EQ(production.exit_code, 0) << production.out << production.err;
  EXPECT_EQ(Values("SELECT name FROM roles ORDER BY id", prod), "admin,auditor,oncall");
  strata_.env.erase("STRATA_ENV");

  // No environment: the shared files only; sub-folders are other environments'.
  EXPECT_EQ(Json({"seed"})["summary"]["applied"], 2);
  EXPECT_EQ(Values("SELECT name FROM roles ORDER BY id"), "admin,auditor");
  // A seeded database read without its environment: the other environment's seed is not reported
  // missing, and seeding goes on.
  EXPECT_EQ(SeedStates({"--url", dev}), "001 applied, 003 applied");
  EXPECT_EQ(strata_({"--url", dev, "seed"}).exit_code, 0);

  // An environment without a folder has the shared seeds; a name that is a path is refused.
  EXPECT_EQ(SeedStates({"--env", "staging"}), "001 applied, 003 applied");
  Outcome escape = strata_({"--env", "../db", "seed"});
  EXPECT_EQ(escape.exit_code, 2);
  EXPECT_TRUE(Contains(escape.err, "cannot name a seeds folder")) << escape.err;

  // One version in the shared files and an environment's: refused, both named, nothing run.
  Seed("development/003_clash.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (9, 'clash');\n");
  Outcome clash = strata_({"--url", dev, "--env", "development", "seed"});
  EXPECT_EQ(clash.exit_code, 1);
  EXPECT_TRUE(Contains(clash.err, "db/seeds/003_auditor.sql")) << clash.err;
  EXPECT_TRUE(Contains(clash.err, "db/seeds/development/003_clash.sql")) << clash.err;
}

TEST_F(SeedTest, ChangedSeedIsRefusedWithoutForceAndRunAgainWithIt) {
  Migration("001_settings.sql", "-- strata:up\nCREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n");
  Seed("001_theme.sql", ThemeSeed("light"));
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  ASSERT_EQ(strata_({"seed"}).exit_code, 0);

  Seed("001_theme.sql", ThemeSeed("dark"));
  Seed("002_lang.sql", "-- strata:up\nINSERT INTO settings (key, value) VALUES ('lang', 'en');\n");
  Outcome refused = strata_({"seed"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.err, "seed 001 theme (db/seeds/001_theme.sql) changed")) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "--force")) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "nothing was run")) << refused.err;
  EXPECT_EQ(Values("SELECT key || '=' || value FROM settings ORDER BY key"), "theme=light");
  json refused_json = Json({"seed"}, 1);
  EXPECT_EQ(refused_json["error"]["file"], "db/seeds/001_theme.sql");

  Outcome forced = strata_({"seed", "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.out << forced.err;
  EXPECT_TRUE(Contains(forced.out, "run again")) << forced.out;
  EXPECT_EQ(Values("SELECT key || '=' || value FROM settings ORDER BY key"), "lang=en,theme=dark");
  EXPECT_EQ(SeedStates(), "001 applied, 002 applied");
  EXPECT_EQ(strata_({"seed"}).exit_code, 0) << "the record now holds the new file";
  EXPECT_TRUE(Contains(Values("SELECT up_text FROM strata_migrations_seeds WHERE version = '001'"), "dark"));
}

TEST_F(SeedTest, FailingSeedNamesFileAndLine) {
  Migration("001_roles.sql", kRolesTable);
  Seed("001_admin.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (1, 'admin');\n");
  Seed("development/002_bad.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (2, 'x');\n\n"
                                  "INSERT INTO nope VALUES (1);\n");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  Outcome seed = strata_({"--env", "development", "seed"});
  EXPECT_EQ(seed.exit_code, 1);
  EXPECT_TRUE(Contains(seed.err, "db/seeds/development/002_bad.sql:4")) << seed.err;
  EXPECT_TRUE(Contains(seed.err, "no such table: nope")) << seed.err;
  EXPECT_EQ(Values("SELECT name FROM roles ORDER BY id"), "admin") << "the failed seed was rolled back whole";
  json report = Json({"--env", "development", "seed"}, 1);
  EXPECT_EQ(report["error"]["file"], "db/seeds/development/002_bad.sql");
  EXPECT_EQ(report["error"]["line"], 4);
  EXPECT_EQ(SeedStates({"--env", "development"}), "001 applied, 002 failed");
}

TEST_F(SeedTest, SeedsDirectoryFromOptionEnvironmentAndConfig) {
  Migration("001_roles.sql", kRolesTable);
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  Outcome none = strata_({"seed"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(Contains(none.err, "seeds directory 'db/seeds' does not exist")) << none.err;

  dir_.Write("data/toml/001_a.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (1, 'toml');\n");
  dir_.Write("data/env/002_b.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (2, 'env');\n");
  dir_.Write("data/flag/003_c.sql", "-- strata:up\nINSERT INTO roles (id, name) VALUES (3, 'flag');\n");
  dir_.Write("strata.toml", "seeds_dir = \"data/toml\"\n");
  EXPECT_EQ(Json({"seed", "status"})["directory"], "data/toml");
  strata_.env["STRATA_SEEDS_DIR"] = "data/env";
  EXPECT_EQ(Json({"seed", "status"})["directory"], "data/env");
  EXPECT_EQ(Json({"seed", "status", "--seeds-dir", "data/flag"})["directory"], "data/flag");
  ASSERT_EQ(strata_({"seed", "--seeds-dir", "data/flag"}).exit_code, 0);
  EXPECT_EQ(Values("SELECT name FROM roles"), "flag");
}

TEST_F(SeedTest, ExampleProjectSeeds) {
  const std::string examples = std::string(STRATA_TEST_DATA) + "/../../examples/db";
  ASSERT_EQ(strata_({"--dir", examples + "/migrations", "up"}).exit_code, 0);
  Outcome seed = strata_({"--env", "development", "seed", "--seeds-dir", examples + "/seeds"});
  ASSERT_EQ(seed.exit_code, 0) << seed.out << seed.err;
  json status = Json({"--env", "development", "seed", "status", "--seeds-dir", examples + "/seeds"});
  EXPECT_GE(status["summary"]["applied"].get<int>(), 2) << status.dump();
  EXPECT_EQ(status["summary"]["pending"], 0);
}

// On a server: the same track, with its own history table in the test's schema.
class ServerSeedTest : public SeedTest, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override {
    std::string url = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url.empty());
    Use(url);
  }
};

TEST_P(ServerSeedTest, SeedsApplyPerEnvironmentAndChangedOnesOnlyWithForce) {
  Migration("001_settings.sql", "-- strata:up\nCREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);\n");
  Seed("001_theme.sql", ThemeSeed("light"));
  Seed("production/002_mode.sql", "-- strata:up\nINSERT INTO settings (key, value) VALUES ('mode', 'live');\n");
  Seed("development/002_mode.sql", "-- strata:up\nINSERT INTO settings (key, value) VALUES ('mode', 'demo');\n");

  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  EXPECT_EQ(Values("SELECT count(*) FROM settings"), "0");
  Outcome seed = strata_({"--env", "production", "seed"});
  ASSERT_EQ(seed.exit_code, 0) << seed.out << seed.err;
  EXPECT_EQ(Values("SELECT key || '=' || value FROM settings ORDER BY key"), "mode=live,theme=light");
  EXPECT_EQ(Values("SELECT version FROM strata_migrations_seeds ORDER BY version"), "001,002");
  EXPECT_EQ(Json({"up"})["summary"]["applied"], 0);

  Seed("001_theme.sql", ThemeSeed("dark"));
  EXPECT_EQ(SeedStates({"--env", "production"}), "001 changed, 002 applied");
  Outcome refused = strata_({"--env", "production", "seed"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.err, "--force")) << refused.err;
  EXPECT_EQ(Values("SELECT value FROM settings WHERE key = 'theme'"), "light");
  Outcome forced = strata_({"--env", "production", "seed", "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.out << forced.err;
  EXPECT_EQ(Values("SELECT key || '=' || value FROM settings ORDER BY key"), "mode=live,theme=dark");
  EXPECT_EQ(SeedStates({"--env", "production"}), "001 applied, 002 applied");
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerSeedTest, ::testing::ValuesIn(testing::BackendsNamed({"postgres"})),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ServerSeedTest);

}  // namespace
}  // namespace strata
