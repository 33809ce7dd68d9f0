// Requirements between migrations (`-- strata:requires`): the order `up` applies them in, the refusals
// of `run` and `revert`, `--cascade`, cycles and unknown versions; pure planning, files and history in.
// The last tests run `up --keep-going` on a SQLite file, where the executor skips only what needs a
// failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "engine/plan.h"
#include "strata/engine.h"
#include "strata/source.h"
#include "support/temp_dir.h"
#include "support/plans.h"

namespace strata {
namespace {

// Migration `version` ("m<version>"), with `header` lines above its up marker.
Migration FileWithHeader(const std::string& version, const std::string& header = "") {
  auto m =
      ParseMigrationFile("db/" + version + "_m" + version + ".sql",
                         header + "-- strata:up\nSELECT " + version + ";\n-- strata:down\nSELECT -" + version + ";\n");
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return *m;
}

using testing::Applied;
using testing::Versions;

Version V(const char* text) { return *Version::Parse(text); }

class DependenciesTest : public ::testing::Test {
 protected:
  // Files 1..n, each with the header given for its version.
  void Files(int n, const std::map<int, std::string>& headers) {
    for (int v = 1; v <= n; ++v) {
      auto it = headers.find(v);
      set_.migrations.push_back(FileWithHeader(std::to_string(v), it == headers.end() ? "" : it->second));
    }
  }
  // The first `n` files applied in version order.
  void AppliedUpTo(int n) {
    for (int i = 0; i < n; ++i) history_.push_back(Applied(set_.migrations[i], i + 1));
  }
  Catalog Join() { return strata::Join(set_, history_); }

  MigrationSet set_;
  std::vector<HistoryRecord> history_;
};

TEST_F(DependenciesTest, UpRunsRequirementsFirstTiesByVersion) {
  Files(5, {{2, "-- strata:requires 4\n"}});
  auto plan = PlanUp(Join(), {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Versions(*plan), (std::vector<std::string>{"1", "3", "4", "2", "5"}));
}

TEST_F(DependenciesTest, UpToPullsInANewerRequirementTransitively) {
  Files(6, {{3, "-- strata:requires 5\n"}, {5, "-- strata:requires 6\n"}});
  UpOptions to;
  to.to = V("3");
  auto plan = PlanUp(Join(), to);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Versions(*plan), (std::vector<std::string>{"1", "2", "6", "5", "3"}));
  UpOptions count = to;
  count.count = 3;  // a prefix of that order: whatever runs has its requirements before it
  EXPECT_EQ(Versions(*PlanUp(Join(), count)), (std::vector<std::string>{"1", "2", "6"}));
}

TEST_F(DependenciesTest, RunRefusesWhileRequirementsAreNotApplied) {
  Files(3, {{3, "-- strata:requires 1, 2\n"}});
  AppliedUpTo(1);
  auto refused = PlanRun(Join(), V("3"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kRefused);
  const std::string message = refused.status().message();
  EXPECT_NE(message.find("requires 2 m2, which is not applied"), std::string::npos) << message;
  EXPECT_EQ(message.find("1 m1"), std::string::npos) << "1 is applied: " << message;
  EXPECT_NE(message.find("strata up --to 3"), std::string::npos) << message;
  EXPECT_EQ(refused.status().location()->file, "db/3_m3.sql");

  history_ = {Applied(set_.migrations[0], 1), Applied(set_.migrations[1], 2)};
  EXPECT_EQ(Versions(*PlanRun(Join(), V("3"))), (std::vector<std::string>{"3"}));
}

TEST_F(DependenciesTest, RevertIsRefusedWhileDependentsAreAppliedUnlessCascade) {
  // 2 and 4 require 1; 3 requires 2.
  Files(4, {{2, "-- strata:requires 1\n"}, {3, "-- strata:requires 2\n"}, {4, "-- strata:requires 1\n"}});
  AppliedUpTo(4);
  auto refused = PlanRevert(Join(), V("1"), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kRefused);
  EXPECT_NE(refused.status().message().find("1 m1 is required by 2 m2, 4 m4"), std::string::npos)
      << refused.status().message();
  EXPECT_NE(refused.status().message().find("--cascade"), std::string::npos);

  DownOptions cascade;
  cascade.cascade = true;
  auto plan = PlanRevert(Join(), V("1"), cascade);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  // Dependents first (3 before 2), the last applied first among those free to go.
  EXPECT_EQ(Versions(*plan), (std::vector<std::string>{"4", "3", "2", "1"}));
  EXPECT_EQ(plan->warnings.size(), 3u);

  // `down` of the last applied needs nothing; `down --to 1` takes 2, 3 and 4, dependents first.
  EXPECT_EQ(Versions(*PlanDown(Join(), {})), (std::vector<std::string>{"4"}));
  DownOptions to;
  to.to = V("1");
  EXPECT_EQ(Versions(*PlanDown(Join(), to)), (std::vector<std::string>{"4", "3", "2"}));
}

TEST_F(DependenciesTest, DownRevertsDependentsFirstWhateverTheApplyOrder) {
  Files(2, {{1, "-- strata:requires 2\n"}});
  history_ = {Applied(set_.migrations[1], 1), Applied(set_.migrations[0], 2)};  // 2, then 1
  DownOptions all;
  all.all = true;
  EXPECT_EQ(Versions(*PlanDown(Join(), all)), (std::vector<std::string>{"1", "2"}));
  history_ = {Applied(set_.migrations[1], 2), Applied(set_.migrations[0], 1)};  // recorded the other way round
  EXPECT_EQ(Versions(*PlanDown(Join(), all)), (std::vector<std::string>{"1", "2"}));
  EXPECT_FALSE(PlanDown(Join(), {}).ok()) << "the last applied, 2, is required by 1";
}

TEST_F(DependenciesTest, CyclesAreNamedInOrderAndRefusedEvenWithForce) {
  Files(4, {{2, "-- strata:requires 4\n"}, {3, "-- strata:requires 2\n"}, {4, "-- strata:requires 3\n"}});
  std::vector<Problem> problems = Validate(Join());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, ProblemKind::kCycle);
  EXPECT_EQ(problems[0].version, "2");
  EXPECT_NE(problems[0].message.find("2 -> 4 -> 3 -> 2"), std::string::npos) << problems[0].message;
  UpOptions force;
  force.force = true;
  auto refused = PlanUp(Join(), force);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("cycle"), std::string::npos) << refused.status().message();
}

TEST_F(DependenciesTest, UnknownRequirementNamesMigrationFileAndVersion) {
  Files(2, {{2, "-- strata:requires 1, 9\n"}});
  std::vector<Problem> problems = Validate(Join());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, ProblemKind::kUnknownRequirement);
  EXPECT_EQ(problems[0].version, "2");
  EXPECT_EQ(problems[0].name, "m2");
  EXPECT_NE(problems[0].message.find("db/2_m2.sql"), std::string::npos) << problems[0].message;
  EXPECT_NE(problems[0].message.find("requires 9"), std::string::npos) << problems[0].message;
  EXPECT_FALSE(PlanUp(Join(), {}).ok());
  // A requirement only the history knows, applied, is met.
  Migration gone = FileWithHeader("9");
  history_ = {Applied(gone, 1)};
  problems = Validate(Join());
  EXPECT_TRUE(std::none_of(problems.begin(), problems.end(),
                           [](const Problem& p) { return p.kind == ProblemKind::kUnknownRequirement; }));
}

TEST_F(DependenciesTest, OutOfOrderNeedsNoFlagWhenDeclaredRequirementsAreApplied) {
  Files(3, {{2, "-- strata:requires 1\n"}});
  history_ = {Applied(set_.migrations[0], 1), Applied(set_.migrations[2], 2)};  // 1 and 3; 2 is behind
  EXPECT_TRUE(Validate(Join()).empty());
  EXPECT_EQ(Versions(*PlanUp(Join(), {})), (std::vector<std::string>{"2"}));
  set_.migrations[1] = FileWithHeader("2");  // declaring nothing, it is out of order again
  EXPECT_FALSE(PlanUp(Join(), {}).ok());
}

TEST_F(DependenciesTest, KeepGoingGivesEachStepWhatItNeeds) {
  Files(4, {{2, "-- strata:requires 1\n"}, {4, "-- strata:requires 2\n"}});
  UpOptions keep_going;
  keep_going.keep_going = true;
  auto plan = PlanUp(Join(), keep_going);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->keep_going);
  ASSERT_EQ(plan->steps.size(), 4u);
  EXPECT_TRUE(plan->steps[0].needs_every_earlier);
  EXPECT_FALSE(plan->steps[1].needs_every_earlier);
  EXPECT_EQ(plan->steps[1].needs, std::vector<Version>{V("1")});
  EXPECT_TRUE(plan->steps[2].needs_every_earlier);
  EXPECT_EQ(plan->steps[3].needs, std::vector<Version>{V("2")});
  EXPECT_FALSE(PlanUp(Join(), {})->keep_going);
}

TEST_F(DependenciesTest, RerunModifiedPlansChangedAppliedFilesAgain) {
  Files(2, {});
  AppliedUpTo(1);
  history_[0].checksum = "sha256:0000";
  EXPECT_FALSE(PlanUp(Join(), {}).ok());
  UpOptions rerun;
  rerun.rerun_modified = true;
  auto plan = PlanUp(Join(), rerun);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Versions(*plan), (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(plan->warnings.empty());
}

// `up --keep-going` on SQLite: 2 fails; 3 needs only 1 and runs; 4 needs 2, 5 declares nothing (so needs
// every earlier one), 6 needs 4: skipped, each saying why.
TEST(KeepGoingTest, OnlyWhatNeedsTheFailureIsSkipped) {
  auto set = LoadMigrations(std::vector<MigrationFile>{
      {"1_a.sql", "-- strata:up\nCREATE TABLE a (i INT);\n"},
      {"2_bad.sql", "-- strata:requires 1\n-- strata:up\nINSERT INTO nowhere VALUES (1);\n"},
      {"3_c.sql", "-- strata:requires 1\n-- strata:up\nCREATE TABLE c (i INT);\n"},
      {"4_d.sql", "-- strata:requires 2\n-- strata:up\nCREATE TABLE d (i INT);\n"},
      {"5_e.sql", "-- strata:up\nCREATE TABLE e (i INT);\n"},
      {"6_f.sql", "-- strata:requires 4\n-- strata:up\nCREATE TABLE f (i INT);\n"},
  });
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  for (bool keep_going : {false, true}) {
    SCOPED_TRACE(keep_going ? "keep going" : "stop on error");
    testing::TempDir dir;
    EngineOptions options;
    options.actor = "tester";
    auto engine = Engine::Open("sqlite:" + (dir.path() / "app.db").string(), options);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    UpOptions up;
    up.keep_going = keep_going;
    auto report = (*engine)->Up(*set, up);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_FALSE(report->status.ok());
    const std::string error = report->status.ToString() + report->status.database_message();
    EXPECT_NE(error.find("nowhere"), std::string::npos) << "the first failure: " << error;
    std::map<std::string, StepResult> by_version;
    for (const StepResult& s : report->steps) by_version[s.version] = s;
    ASSERT_EQ(by_version.size(), 6u);
    EXPECT_EQ(by_version["1"].outcome, StepOutcome::kApplied);
    EXPECT_EQ(by_version["2"].outcome, StepOutcome::kFailed);
    EXPECT_EQ(by_version["3"].outcome, keep_going ? StepOutcome::kApplied : StepOutcome::kSkipped);
    for (const char* v : {"4", "5", "6"}) EXPECT_EQ(by_version[v].outcome, StepOutcome::kSkipped) << v;
    if (!keep_going) continue;
    EXPECT_EQ(by_version["4"].note, "not run: requires 2 bad, which failed");
    EXPECT_NE(by_version["5"].note.find("declares no requirements"), std::string::npos) << by_version["5"].note;
    EXPECT_EQ(by_version["6"].note, "not run: requires 4 d, which was not run because 2 bad failed");
  }
}

}  // namespace
}  // namespace strata
