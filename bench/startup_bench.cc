// The cost of the start-up check an application makes on every start when nothing is pending:
// open the database, read the history, compare with the (embedded) migrations, report health.
// Target (issue "library"): under 2 ms against a local SQLite file.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "strata/source.h"
#include "strata/startup.h"

namespace {

std::vector<strata::MigrationFile> Generate(int n) {
  std::vector<strata::MigrationFile> files;
  for (int i = 1; i <= n; ++i) {
    std::string t = "t";
    t += std::to_string(i);
    char version[32];
    snprintf(version, sizeof(version), "%014d", i);
    files.push_back({std::string(version) + "_create_" + t + ".sql",
                     "-- strata:up\nCREATE TABLE " + t + " (id INTEGER PRIMARY KEY, name TEXT);\nCREATE INDEX " + t +
                         "_name ON " + t + " (name);\nINSERT INTO " + t + " (name) VALUES ('a'), ('b');\n" +
                         "-- strata:down\nDROP TABLE " + t + ";\n"});
  }
  return files;
}

// A database with all `n` migrations applied, made once per size.
std::string AppliedDatabase(int n, const std::vector<strata::MigrationFile>& files) {
  std::string dir = (std::filesystem::temp_directory_path() / ("strata-bench-" + std::to_string(n))).string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string url = "sqlite:" + dir + "/app.db";
  strata::StartupOptions options;
  options.auto_migrate = true;
  auto report = strata::MigrateOnStartup(url, *strata::LoadMigrations(files), options);
  if (!report.ok() || !report->health.healthy()) abort();
  return url;
}

// What an application does on start: read its embedded migrations, then the no-op check.
void BM_StartupNoOp(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto files = Generate(n);
  std::string url = AppliedDatabase(n, files);
  strata::StartupOptions options;
  options.auto_migrate = true;
  for (auto _ : state) {
    auto set = strata::LoadMigrations(files);
    auto report = strata::MigrateOnStartup(url, *set, options);
    if (!report.ok() || !report->health.healthy()) state.SkipWithError("not healthy");
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(BM_StartupNoOp)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// The check alone, with the migrations already parsed.
void BM_StartupCheckOnly(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto files = Generate(n);
  std::string url = AppliedDatabase(n, files);
  auto set = strata::LoadMigrations(files);
  strata::StartupOptions options;
  options.auto_migrate = true;
  for (auto _ : state) {
    auto report = strata::MigrateOnStartup(url, *set, options);
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(BM_StartupCheckOnly)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// The floor, side by side: the raw SQLite client opening the same file and reading the history once,
// the same columns as the raw client of bench/compare.py (a health check needs no fewer).
// Opening parses the whole schema (a table and an index per migration here), which dominates both.
void BM_RawSqliteHistoryQuery(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto files = Generate(n);
  std::string path = AppliedDatabase(n, files).substr(7);
  for (auto _ : state) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT version, name, checksum, status, applied_at FROM strata_migrations", -1, &stmt,
                       nullptr);
    size_t read = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int c = 0; c < 5; ++c) {
        const unsigned char* text = sqlite3_column_text(stmt, c);
        read += text ? static_cast<size_t>(sqlite3_column_bytes(stmt, c)) : 0;
      }
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    benchmark::DoNotOptimize(read);
  }
}
BENCHMARK(BM_RawSqliteHistoryQuery)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// Parsing and checksumming the embedded migrations.
void BM_LoadEmbedded(benchmark::State& state) {
  auto files = Generate(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(strata::LoadMigrations(files));
}
BENCHMARK(BM_LoadEmbedded)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
