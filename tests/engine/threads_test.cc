// Several engines in one process, as an application's workers or a parallel test suite run them: on
// one database file they take turns (each migration is applied once), on separate files they run side
// by side. Also run under ThreadSanitizer (scripts/test.sh, STRATA_TSAN=ON), where it checks the
// driver registry, the DuckDB instance cache and this process's lock table for data races.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "strata/engine.h"
#include "strata/source.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

MigrationSet FiveTables() {
  std::vector<MigrationFile> files;
  for (int i = 1; i <= 5; ++i) {
    const std::string n = std::to_string(i);
    files.push_back({n + "_t" + n + ".sql", "-- strata:up\nCREATE TABLE t" + n + " (i INT);\nINSERT INTO t" + n + " VALUES (1);\n"});
  }
  auto set = LoadMigrations(files);
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  return *set;
}

// Runs `up` on `urls[t]` from one thread each; returns what went wrong, or "".
std::vector<std::string> UpFromThreads(const std::vector<std::string>& urls) {
  const MigrationSet set = FiveTables();
  std::vector<std::string> problems(urls.size());
  std::vector<std::thread> threads;
  for (size_t t = 0; t < urls.size(); ++t) {
    threads.emplace_back([&, t] {
      EngineOptions options;
      options.actor = "worker " + std::to_string(t);
      options.lock_timeout = std::chrono::seconds(60);
      auto engine = Engine::Open(urls[t], options);
      if (!engine.ok()) {
        problems[t] = engine.status().ToString();
        return;
      }
      auto report = (*engine)->Up(set, {});
      if (!report.ok()) problems[t] = report.status().ToString();
      else if (!report->status.ok()) problems[t] = report->status.ToString();
    });
  }
  for (std::thread& t : threads) t.join();
  return problems;
}

void ExpectAppliedOnce(const std::string& url) {
  auto engine = Engine::Open(url, {});
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto status = (*engine)->GetStatus(FiveTables());
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->applied, 5) << url;
  for (int i = 1; i <= 5; ++i) {
    auto rows = (*engine)->connection().sql()->Query("SELECT COUNT(*) FROM t" + std::to_string(i), {});
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_EQ((*rows)[0][0].value_or(""), "1") << url << ": t" << i << " filled more than once";
  }
}

class EnginesInThreadsTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::string Url(const TempDir& dir, const std::string& file) const {
    return GetParam() + ":" + (dir.path() / file).string();
  }
};

TEST_P(EnginesInThreadsTest, OnOneFileEachMigrationIsAppliedOnce) {
  TempDir dir;
  const std::vector<std::string> urls(6, Url(dir, "shared.db"));
  for (const std::string& problem : UpFromThreads(urls)) EXPECT_EQ(problem, "");
  ExpectAppliedOnce(urls[0]);
}

TEST_P(EnginesInThreadsTest, OnSeparateFilesSideBySide) {
  TempDir dir;
  std::vector<std::string> urls;
  for (int i = 0; i < 4; ++i) urls.push_back(Url(dir, "own" + std::to_string(i) + ".db"));
  for (const std::string& problem : UpFromThreads(urls)) EXPECT_EQ(problem, "");
  for (const std::string& url : urls) ExpectAppliedOnce(url);
}

std::vector<std::string> FileSchemes() {
#if STRATA_WITH_DUCKDB
  return {"sqlite", "duckdb"};
#else
  return {"sqlite"};
#endif
}

INSTANTIATE_TEST_SUITE_P(Files, EnginesInThreadsTest, ::testing::ValuesIn(FileSchemes()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace strata
