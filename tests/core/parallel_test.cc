// ParallelFor and the parallel loading built on it. Also run under ThreadSanitizer
// (scripts/test.sh builds these tests with STRATA_TSAN=ON): a data race here fails that run.
#include "core/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "strata/source.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

TEST(ParallelFor, CallsEveryIndexOnceAcrossThreads) {
  for (size_t count : {0u, 1u, 63u, 64u, 65u, 1000u, 4097u}) {
    std::vector<int> calls(count, 0);  // each slot written by the one call that owns it
    std::atomic<size_t> total{0};
    ParallelFor(count, /*inline_below=*/0, [&](size_t i) {
      ++calls[i];
      total.fetch_add(i, std::memory_order_relaxed);
    });
    for (size_t i = 0; i < count; ++i) ASSERT_EQ(calls[i], 1) << "index " << i << " of " << count;
    EXPECT_EQ(total.load(), count * (count == 0 ? 0 : count - 1) / 2);
  }
}

TEST(ParallelFor, SmallCountsStayOnTheCallingThread) {
  const auto caller = std::this_thread::get_id();
  bool elsewhere = false;
  ParallelFor(10, /*inline_below=*/256, [&](size_t) { elsewhere = elsewhere || std::this_thread::get_id() != caller; });
  EXPECT_FALSE(elsewhere);
}

// A directory large enough to be loaded in parallel, loaded from several threads at once: every
// thread gets every migration, in order, each with its own text.
TEST(ParallelLoading, ManyFilesFromManyThreadsAtOnce) {
  TempDir dir;
  constexpr int kFiles = 600;
  for (int i = 1; i <= kFiles; ++i) {
    dir.Write("m/" + std::to_string(i) + "_t" + std::to_string(i) + ".sql",
              "-- strata:up\nCREATE TABLE t" + std::to_string(i) + " (i INT);\n-- strata:down\nDROP TABLE t" +
                  std::to_string(i) + ";\n");
  }
  const std::string path = (dir.path() / "m").string();
  std::vector<std::thread> loaders;
  std::vector<std::string> problems(4);
  for (size_t t = 0; t < problems.size(); ++t) {
    loaders.emplace_back([&, t] {
      auto set = LoadMigrations(path);
      if (!set.ok()) {
        problems[t] = set.status().ToString();
        return;
      }
      if (set->migrations.size() != kFiles) problems[t] = "wrong count " + std::to_string(set->migrations.size());
      for (int i = 0; i < kFiles && problems[t].empty(); ++i) {
        const Migration& m = set->migrations[i];
        if (m.version.text() != std::to_string(i + 1) || m.up.text.find("t" + std::to_string(i + 1) + " ") == std::string::npos) {
          problems[t] = "migration " + std::to_string(i + 1) + " is " + m.version.text() + " " + m.name;
        }
      }
    });
  }
  for (std::thread& t : loaders) t.join();
  for (const std::string& p : problems) EXPECT_EQ(p, "");
}

}  // namespace
}  // namespace strata
