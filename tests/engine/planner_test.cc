// The planner and validator are pure: files and history in, plan or problems out.
#include <gtest/gtest.h>

#include "engine/plan.h"
#include "strata/source.h"
#include "support/plans.h"

namespace strata {
namespace {

Migration PlannerFile(const std::string& version, bool reversible = true) {
  auto m = ParseMigrationFile(version + "_m" + version + ".sql",
                              "-- strata:up\nSELECT " + version + ";\n" +
                                  (reversible ? "-- strata:down\nSELECT -" + version + ";\n" : ""));
  EXPECT_TRUE(m.ok());
  return *m;
}

using testing::Applied;
using testing::Versions;

class PlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto v : {"1", "2", "3", "4", "10"}) set_.migrations.push_back(PlannerFile(v));
  }
  Catalog Join() { return strata::Join(set_, history_); }

  MigrationSet set_;
  std::vector<HistoryRecord> history_;
};

TEST_F(PlannerTest, UpAppliesPendingInVersionOrder) {
  history_ = {Applied(set_.migrations[0], 1)};
  auto plan = PlanUp(Join(), {});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Versions(*plan), (std::vector<std::string>{"2", "3", "4", "10"}));
}

TEST_F(PlannerTest, UpToAndCount) {
  UpOptions to;
  to.to = *Version::Parse("3");
  EXPECT_EQ(Versions(*PlanUp(Join(), to)), (std::vector<std::string>{"1", "2", "3"}));
  UpOptions count;
  count.count = 2;
  EXPECT_EQ(Versions(*PlanUp(Join(), count)), (std::vector<std::string>{"1", "2"}));
}

TEST_F(PlannerTest, OutOfOrderNeedsPermission) {
  history_ = {Applied(set_.migrations[0], 1), Applied(set_.migrations[2], 2)};  // 1 and 3; 2 is behind
  auto refused = PlanUp(Join(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kValidationFailed);
  EXPECT_NE(refused.status().message().find("--allow-out-of-order"), std::string::npos);

  UpOptions allow;
  allow.allow_out_of_order = true;
  EXPECT_EQ(Versions(*PlanUp(Join(), allow)), (std::vector<std::string>{"2", "4", "10"}));

  UpOptions force;
  force.force = true;
  auto forced = PlanUp(Join(), force);
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(Versions(*forced), (std::vector<std::string>{"4", "10"}));
  ASSERT_EQ(forced->skipped.size(), 1u);
  EXPECT_EQ(forced->skipped[0].version, "2");
}

TEST_F(PlannerTest, ModifiedAndMissingAreProblems) {
  history_ = {Applied(set_.migrations[0], 1), Applied(set_.migrations[1], 2)};
  history_[0].checksum = "sha256:0000";
  HistoryRecord gone = Applied(PlannerFile("0"), 0);
  history_.push_back(gone);
  auto problems = Validate(Join());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].kind, ProblemKind::kMissing);
  EXPECT_EQ(problems[0].version, "0");
  EXPECT_EQ(problems[1].kind, ProblemKind::kModified);
  EXPECT_EQ(problems[1].version, "1");
  EXPECT_FALSE(PlanUp(Join(), {}).ok());
  UpOptions force;
  force.force = true;
  auto forced = PlanUp(Join(), force);
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->warnings.size(), 2u);
}

TEST_F(PlannerTest, OtherChecksumAlgorithmsRaiseNoFalseAlarm) {
  history_ = {Applied(set_.migrations[0], 1)};
  history_[0].checksum = "blake3:abcd";
  EXPECT_TRUE(Validate(Join()).empty());
}

TEST_F(PlannerTest, DownRevertsInApplyOrderNotVersionOrder) {
  history_ = {Applied(set_.migrations[0], 1), Applied(set_.migrations[2], 2), Applied(set_.migrations[1], 3)};
  DownOptions two;
  two.count = 2;
  EXPECT_EQ(Versions(*PlanDown(Join(), two)), (std::vector<std::string>{"2", "3"}));
  EXPECT_EQ(Versions(*PlanDown(Join(), {})), (std::vector<std::string>{"2"}));
  DownOptions all;
  all.all = true;
  EXPECT_EQ(Versions(*PlanDown(Join(), all)), (std::vector<std::string>{"2", "3", "1"}));
  DownOptions to;
  to.to = *Version::Parse("1");
  EXPECT_EQ(Versions(*PlanDown(Join(), to)), (std::vector<std::string>{"2", "3"}));
}

TEST_F(PlannerTest, DownUsesStoredTextWhenFileIsGone) {
  Migration gone = PlannerFile("20");
  history_ = {Applied(gone, 1)};
  auto plan = PlanDown(Join(), {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->steps.size(), 1u);
  EXPECT_EQ(plan->steps[0].section().text, "SELECT -20;\n");
  EXPECT_EQ(plan->steps[0].migration, nullptr);
}

TEST_F(PlannerTest, IrreversibleRefusesBeforeRevertingAnything) {
  set_.migrations[1] = PlannerFile("2", /*reversible=*/false);
  history_ = {Applied(set_.migrations[0], 1), Applied(set_.migrations[1], 2), Applied(set_.migrations[2], 3)};
  DownOptions all;
  all.all = true;
  auto plan = PlanDown(Join(), all);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kIrreversible);
  EXPECT_NE(plan.status().message().find("2 m2"), std::string::npos) << plan.status().message();
  EXPECT_NE(plan.status().message().find("nothing was reverted"), std::string::npos);
}

TEST_F(PlannerTest, DirtyStateBlocksEverythingUntilRepair) {
  HistoryRecord running = Applied(set_.migrations[0], 1);
  running.status = MigrationStatus::kRunning;
  history_ = {running};
  for (auto plan : {PlanUp(Join(), {}), PlanDown(Join(), {}), PlanRun(Join(), *Version::Parse("2"))}) {
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.status().code(), StatusCode::kDirty);
    EXPECT_NE(plan.status().message().find("strata repair"), std::string::npos);
  }
  EXPECT_EQ(Validate(Join())[0].kind, ProblemKind::kInterrupted);
}

TEST_F(PlannerTest, FailedInTransactionIsRetried) {
  HistoryRecord failed = Applied(set_.migrations[0], 0);
  failed.status = MigrationStatus::kFailed;
  failed.dirty = false;
  history_ = {failed};
  EXPECT_EQ(Versions(*PlanUp(Join(), {})).front(), "1");
  EXPECT_TRUE(Validate(Join()).empty());
}

TEST_F(PlannerTest, RunAndRevertOne) {
  history_ = {Applied(set_.migrations[0], 1)};
  EXPECT_EQ(Versions(*PlanRun(Join(), *Version::Parse("4"))), (std::vector<std::string>{"4"}));
  EXPECT_FALSE(PlanRun(Join(), *Version::Parse("1")).ok());   // already applied
  EXPECT_FALSE(PlanRun(Join(), *Version::Parse("99")).ok());  // no such file
  EXPECT_EQ(Versions(*PlanRevert(Join(), *Version::Parse("1"), {})), (std::vector<std::string>{"1"}));
  EXPECT_FALSE(PlanRevert(Join(), *Version::Parse("2"), {}).ok());  // not applied
}

}  // namespace
}  // namespace strata
