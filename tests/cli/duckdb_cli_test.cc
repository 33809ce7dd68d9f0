// End-to-end on DuckDB: the built `strata` binary on a DuckDB file, as an analytics team runs it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>

#include "strata/engine.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

class DuckdbCliTest : public ::testing::Test {
 protected:
  DuckdbCliTest() : strata_(dir_.path()) { strata_.env["DATABASE_URL"] = "duckdb:warehouse.duckdb"; }

  void Migration(const std::string& file, const std::string& content) { dir_.Write("db/migrations/" + file, content); }
  json Json(const std::vector<std::string>& args) {
    std::vector<std::string> with_json = args;
    with_json.insert(with_json.begin(), "--json");
    Outcome o = strata_(with_json);
    EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
    return json::parse(o.out, nullptr, false);
  }

  TempDir dir_;
  Strata strata_;
};

TEST_F(DuckdbCliTest, UpStatusDownWithDuckdbSql) {
  Migration("001_events.sql",
            "-- strata:up\nCREATE TABLE events (id BIGINT PRIMARY KEY, tags VARCHAR[], payload STRUCT(k VARCHAR, v "
            "INTEGER));\nINSERT INTO events VALUES (1, ['a;b', 'c'], {'k': 'x', 'v': 1});\n"
            "-- strata:down\nDROP TABLE events;\n");
  Migration("002_daily.sql",
            "-- strata:up\nCREATE VIEW daily AS SELECT list_count(tags) AS n FROM events;\n"
            "-- strata:down\nDROP VIEW daily;\n");
  Migration("003_bad.sql", "-- strata:up\nCREATE TABLE half (id INTEGER);\nSELECT * FROM no_such_table;\n");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 1) << up.out << up.err;
  EXPECT_NE(up.err.find("db/migrations/003_bad.sql:3"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("no_such_table"), std::string::npos) << up.err;

  json status = Json({"status"});
  EXPECT_EQ(status["current_version"], "002");
  EXPECT_EQ(status["summary"]["applied"], 2);
  EXPECT_EQ(status["migrations"][2]["status"], "failed");
  // The failed migration was rolled back whole, its table too: DuckDB's DDL is transactional.
  Migration("003_bad.sql", "-- strata:up\nCREATE TABLE half (id INTEGER);\n-- strata:down\nDROP TABLE half;\n");
  Outcome fixed = strata_({"up"});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_EQ(Json({"status"})["current_version"], "003");
  EXPECT_EQ(strata_({"down", "--all"}).exit_code, 0);
  EXPECT_EQ(Json({"status"})["summary"]["applied"], 0);
  EXPECT_EQ(Json({"history"})["events"].size(), 7u);  // failed + 3 applies + 3 reverts
}

TEST_F(DuckdbCliTest, AFileOpenInAnotherProcessIsWaitedForThenNamed) {
  Migration("001_t.sql", "-- strata:up\nCREATE TABLE t (id INTEGER);\n");
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t holder = fork();
  if (holder == 0) {  // another process with the file open, as an analyst's session would have it
    auto engine = Engine::Open("duckdb:" + (dir_.path() / "warehouse.duckdb").string(), {});
    (void)!write(ready[1], engine.ok() ? "y" : "n", 1);
    sleep(3);
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  Outcome refused = strata_({"--lock-timeout", "0.5", "up"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("is open in another process"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--lock-timeout"), std::string::npos) << refused.err;
  // Waiting long enough is waiting for a lock: the run goes ahead once the other process lets go.
  Outcome waited = strata_({"--lock-timeout", "30", "up"});
  EXPECT_EQ(waited.exit_code, 0) << waited.err;
  int status = 0;
  waitpid(holder, &status, 0);
  close(ready[0]);
  close(ready[1]);
}

// Replicas starting together once left an empty file behind (DuckDB creates a file before it locks it):
// an empty file is no database yet, as in SQLite, and a file that is not DuckDB's is named without waiting.
TEST_F(DuckdbCliTest, AnEmptyFileIsANewDatabaseAndAForeignOneIsNamed) {
  Migration("001_t.sql", "-- strata:up\nCREATE TABLE t (id INTEGER);\n");
  dir_.Write("warehouse.duckdb", "");
  EXPECT_EQ(Json({"status"})["summary"]["pending"], 1);
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path() / "warehouse.duckdb")) << "status changes nothing";
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Json({"status"})["summary"]["applied"], 1);

  dir_.Write("foreign.duckdb", std::string(4 * 4096, 'x'));
  auto start = std::chrono::steady_clock::now();
  auto foreign = Engine::Open("duckdb:" + (dir_.path() / "foreign.duckdb").string(), {});
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("not a valid DuckDB database file"), std::string::npos)
      << foreign.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << "not the whole lock timeout";
  EXPECT_EQ(std::filesystem::file_size(dir_.path() / "foreign.duckdb"), 4u * 4096) << "left as it was";
}

TEST_F(DuckdbCliTest, ConcurrentUpAppliesEachMigrationOnce) {
  for (int i = 1; i <= 4; ++i) {
    Migration("00" + std::to_string(i) + "_t.sql", "-- strata:up\nCREATE TABLE t" + std::to_string(i) +
                                                      " AS SELECT range AS n FROM range(200000);\n");
  }
  for (const Outcome& o : strata_.AtOnce(6, {"up"})) EXPECT_EQ(o.exit_code, 0) << o.err;
  json events = Json({"history"})["events"];
  std::set<std::string> versions;
  for (const auto& e : events) versions.insert(e["version"]);
  EXPECT_EQ(events.size(), 4u) << events.dump();
  EXPECT_EQ(versions.size(), 4u);
}

}  // namespace
}  // namespace strata
