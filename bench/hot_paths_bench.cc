// Micro-benchmarks of the hot paths a run goes through before it touches the database: reading and
// checksumming a directory, planning, and splitting statements per dialect.
#include <benchmark/benchmark.h>
#include <stdio.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/plan.h"
#include "sql/splitter.h"
#include "strata/source.h"

namespace {

std::string MigrationText(int i) {
  std::string t = "t";
  t += std::to_string(i);  // appended: g++ 12 -O3 warns (-Wrestrict, falsely) on "t" + std::string
  return "-- strata:up\nCREATE TABLE " + t + " (id INTEGER PRIMARY KEY, name TEXT);\nCREATE INDEX " + t + "_name ON " +
         t + " (name);\nALTER TABLE " + t + " ADD COLUMN note TEXT;\nINSERT INTO " + t +
         " (name) VALUES ('a;b'), ('c');\nUPDATE " + t + " SET note = 'x' WHERE id = 1;\n-- strata:down\nDROP TABLE " + t +
         ";\n";
}

std::string Directory(int n) {
  std::string dir = (std::filesystem::temp_directory_path() / ("strata-bench-dir-" + std::to_string(n))).string();
  if (std::filesystem::exists(dir + "/.complete")) return dir;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (int i = 1; i <= n; ++i) {
    char name[64];
    snprintf(name, sizeof(name), "/%014d_m%d.sql", i, i);
    std::ofstream(dir + name) << MigrationText(i);
  }
  std::ofstream(dir + "/.complete") << "";
  return dir;
}

void BM_LoadDirectory(benchmark::State& state) {
  std::string dir = Directory(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto set = strata::LoadMigrations(dir);
    if (!set.ok()) state.SkipWithError("load failed");
    benchmark::DoNotOptimize(set);
  }
}
BENCHMARK(BM_LoadDirectory)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// History with every other migration applied; plan the rest.
void BM_PlanUp(benchmark::State& state) {
  auto set = strata::LoadMigrations(Directory(static_cast<int>(state.range(0))));
  std::vector<strata::HistoryRecord> history;
  for (size_t i = 0; i < set->migrations.size(); i += 2) {
    const strata::Migration& m = set->migrations[i];
    strata::HistoryRecord r;
    r.version = m.version.text();
    r.name = m.name;
    r.checksum = m.checksum;
    r.apply_order = static_cast<int64_t>(i);
    history.push_back(r);
  }
  strata::UpOptions options;
  options.allow_out_of_order = true;
  for (auto _ : state) {
    strata::Catalog catalog = strata::Join(*set, history);
    benchmark::DoNotOptimize(strata::PlanUp(catalog, options));
  }
}
BENCHMARK(BM_PlanUp)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_Split(benchmark::State& state, strata::sql::Dialect dialect) {
  std::string script;
  for (int i = 0; i < 1000; ++i) script += MigrationText(i);
  for (auto _ : state) benchmark::DoNotOptimize(strata::sql::SplitStatements(script, dialect));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(script.size()));
}
BENCHMARK_CAPTURE(BM_Split, postgres, strata::sql::Dialect::kPostgres)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Split, mysql, strata::sql::Dialect::kMysql)->Unit(benchmark::kMillisecond);

}  // namespace
