// The fleet runner on SQLite files: parallel targets, a failure kept to its target, stop_on_error,
// cancellation, and the status of every target.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "strata/fleet.h"
#include "strata/source.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

class FleetRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("migrations/001_items.sql", "-- strata:up\nCREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\n");
    dir_.Write("migrations/002_seed.sql", "-- strata:up\nINSERT INTO items (name) VALUES ('first');\n");
    auto set = LoadMigrations((dir_.path() / "migrations").string());
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    set_ = std::move(*set);
  }
  // `count` SQLite files; the one at `broken` already has a table `items`, so 001 fails there.
  std::vector<FleetTarget> Targets(int count, int broken = -1) {
    std::vector<FleetTarget> targets;
    for (int i = 0; i < count; ++i) {
      const std::string path = (dir_.path() / ("t" + std::to_string(i) + ".db")).string();
      targets.push_back({"t" + std::to_string(i), "sqlite:" + path, "test"});
    }
    if (broken >= 0) {
      auto engine = Engine::Open(targets[broken].url, {});
      EXPECT_TRUE(engine.ok());
      EXPECT_TRUE((*engine)->connection().Execute({"CREATE TABLE items (other TEXT);", "", 1}).ok());
    }
    return targets;
  }
  bool Exists(const FleetTarget& target) { return std::filesystem::exists(target.url.substr(7)); }

  TempDir dir_;
  MigrationSet set_;
};

TEST_F(FleetRunnerTest, EveryTargetRunsInParallelAndAFailureStaysWithItsTarget) {
  std::vector<FleetTarget> targets = Targets(50, 17);
  FleetOptions options;
  options.parallel = 4;
  // The first migration of the first four targets waits until all four have started: they overlap.
  std::atomic<int> first_steps{0};
  std::atomic<bool> overlapped{false};
  options.engine.on_progress = [&](const Progress& p) {
    if (p.kind != Progress::Kind::kStarted || p.version != "001") return;
    if (++first_steps > 4) return;
    for (int i = 0; i < 500 && first_steps < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (first_steps >= 4) overlapped = true;
  };
  int started = 0, finished = 0, most_running = 0;
  FleetProgress last;
  options.on_progress = [&](const FleetProgress& p) {
    (p.kind == FleetProgress::Kind::kStarted ? started : finished)++;
    most_running = std::max(most_running, p.running);
    last = p;
  };
  FleetReport report = FleetUp(targets, set_, {}, options);

  EXPECT_TRUE(overlapped);
  EXPECT_EQ(most_running, 4);
  EXPECT_EQ(started, 50);
  EXPECT_EQ(finished, 50);
  EXPECT_EQ(last.done, 49);
  EXPECT_EQ(last.failed, 1);
  EXPECT_EQ(last.running, 0);
  ASSERT_EQ(report.targets.size(), 50u);
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.Count(TargetOutcome::kDone), 49);
  EXPECT_EQ(report.Count(TargetOutcome::kFailed), 1);
  for (size_t i = 0; i < targets.size(); ++i) {
    const TargetResult& r = report.targets[i];
    EXPECT_EQ(r.target.name, targets[i].name);  // in the order given
    if (i == 17) {
      EXPECT_EQ(r.outcome, TargetOutcome::kFailed);
      EXPECT_EQ(r.error.code(), StatusCode::kMigrationFailed);
      EXPECT_NE(r.error.message().find("items"), std::string::npos) << r.error.ToString();
      EXPECT_EQ(r.applied, 0);
      ASSERT_TRUE(r.run);
    } else {
      EXPECT_EQ(r.outcome, TargetOutcome::kDone) << r.target.name << ": " << r.error.ToString();
      EXPECT_EQ(r.applied, 2);
    }
  }

  // Each target has its own history: the status matrix of the library says so.
  FleetOptions readers;
  readers.parallel = 3;
  FleetReport status = FleetStatus(targets, set_, readers);
  ASSERT_TRUE(status.ok());
  for (size_t i = 0; i < targets.size(); ++i) {
    ASSERT_TRUE(status.targets[i].status);
    const StatusReport& s = *status.targets[i].status;
    EXPECT_EQ(s.applied, i == 17 ? 0 : 2) << i;
    EXPECT_EQ(s.failed, i == 17 ? 1 : 0) << i;
    EXPECT_EQ(s.pending, i == 17 ? 1 : 0) << i;
  }
  // A second run has nothing to do but the broken target.
  FleetReport again = FleetUp(targets, set_, {}, options);
  EXPECT_EQ(again.Count(TargetOutcome::kDone), 49);
  EXPECT_EQ(again.targets[3].applied, 0);
}

TEST_F(FleetRunnerTest, StopOnErrorStartsNoMoreTargets) {
  std::vector<FleetTarget> targets = Targets(6, 2);
  FleetOptions options;
  options.stop_on_error = true;
  FleetReport report = FleetUp(targets, set_, {}, options);
  EXPECT_EQ(report.targets[0].outcome, TargetOutcome::kDone);
  EXPECT_EQ(report.targets[1].outcome, TargetOutcome::kDone);
  EXPECT_EQ(report.targets[2].outcome, TargetOutcome::kFailed);
  for (int i = 3; i < 6; ++i) {
    EXPECT_EQ(report.targets[i].outcome, TargetOutcome::kNotStarted) << i;
    EXPECT_EQ(report.targets[i].target.name, targets[i].name);
    EXPECT_FALSE(Exists(targets[i])) << "a target not started is not touched";
  }
  EXPECT_EQ(report.Count(TargetOutcome::kNotStarted), 3);
}

TEST_F(FleetRunnerTest, StopOnErrorLetsTheRunningTargetsFinish) {
  std::vector<FleetTarget> targets = Targets(8, 0);
  FleetOptions options;
  options.parallel = 2;
  options.stop_on_error = true;
  // Target 1 starts beside the broken target 0 and is still running when 0 fails.
  std::atomic<bool> broken_failed{false};
  options.on_progress = [&](const FleetProgress& p) {
    if (p.kind == FleetProgress::Kind::kFinished && p.result->target.name == "t0") broken_failed = true;
  };
  // Both first targets reach their first migration before either goes on; then target 1 waits for 0's failure.
  std::atomic<int> first_steps{0};
  options.engine.on_progress = [&](const Progress& p) {
    if (p.kind != Progress::Kind::kStarted) return;
    if (p.version == "001") {
      ++first_steps;
      for (int i = 0; i < 500 && first_steps < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } else {
      for (int i = 0; i < 500 && !broken_failed; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  FleetReport report = FleetUp(targets, set_, {}, options);
  EXPECT_EQ(report.targets[0].outcome, TargetOutcome::kFailed);
  EXPECT_EQ(report.targets[1].outcome, TargetOutcome::kDone);
  EXPECT_EQ(report.targets[1].applied, 2);
  EXPECT_EQ(report.Count(TargetOutcome::kNotStarted), 6);
}

TEST_F(FleetRunnerTest, CancellationStartsNoMoreTargets) {
  std::vector<FleetTarget> targets = Targets(10);
  std::atomic<bool> cancel{false};
  FleetOptions options;
  options.cancel = &cancel;
  options.on_progress = [&](const FleetProgress& p) {
    if (p.done == 3) cancel = true;
  };
  FleetReport report = FleetUp(targets, set_, {}, options);
  EXPECT_EQ(report.Count(TargetOutcome::kDone), 3);
  EXPECT_EQ(report.Count(TargetOutcome::kNotStarted), 7);
  EXPECT_FALSE(Exists(targets[3]));
}

TEST_F(FleetRunnerTest, StatusCreatesNothingAndAnUnreachableTargetFailsAlone) {
  std::vector<FleetTarget> targets = Targets(2);
  targets.push_back({"gone", "sqlite:" + (dir_.path() / "no/such/dir/x.db").string(), "test"});
  FleetReport report = FleetStatus(targets, set_, {});
  EXPECT_EQ(report.targets[0].outcome, TargetOutcome::kDone);
  ASSERT_TRUE(report.targets[0].status);
  EXPECT_EQ(report.targets[0].status->pending, 2);
  EXPECT_FALSE(Exists(targets[0]));
  EXPECT_EQ(report.targets[2].outcome, TargetOutcome::kFailed);
  EXPECT_FALSE(report.targets[2].error.ok());
}

}  // namespace
}  // namespace strata
