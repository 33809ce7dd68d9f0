// Batched migrations end to end with the `strata` binary: a run killed with SIGKILL between (or inside)
// batches is resumed by the next `up` with every row done exactly once; `status` shows the percentage in
// text and JSON; progress goes to stderr as a few plain lines when it is not a terminal; the dry run.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/strata_process.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::Contains;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

constexpr int kBatchRows = 3000;

class BatchCliTest : public ::testing::TestWithParam<Backend> {
 protected:
  BatchCliTest() : strata_(dir_.path()) {}
  void SetUp() override {
    if (GetParam().required_but_missing) GTEST_FAIL() << GetParam().name << " is required but not configured";
    url_ = testing::FreshUrl(GetParam(), dir_);
    strata_.env["DATABASE_URL"] = url_;
    std::string values;
    for (int i = 1; i <= kBatchRows; ++i) values += (i > 1 ? "," : "") + fmt::format("({})", i);
    dir_.Write("db/migrations/1_t.sql", "-- strata:up\nCREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0);\n"
                                        "INSERT INTO t (id) VALUES " + values + ";\n");
    dir_.Write("db/migrations/2_raise.sql",
               "-- strata:batch size=100 sleep=25ms\n-- strata:up\nUPDATE t SET n = n + 1;\n");
  }
  int64_t Count(const std::string& where) {
    if (!session_) {
      auto c = (*FindDriver(url_))->Connect(url_, {});
      EXPECT_TRUE(c.ok()) << c.status().ToString();
      if (!c.ok()) return -1;
      session_ = std::move(*c);
    }
    auto rows = session_->sql()->Query("SELECT count(*) FROM t WHERE " + where, {});
    return rows.ok() && !rows->empty() ? std::stoll(*(*rows)[0][0]) : -1;
  }

  TempDir dir_;
  Strata strata_;
  std::string url_;
  std::unique_ptr<Connection> session_;
};

TEST_P(BatchCliTest, KilledMidRunResumesWithEveryRowDoneOnce) {
  ASSERT_EQ(strata_({"up", "--to", "1"}).exit_code, 0);
  if (GetParam().name == "sqlite") {
    // WAL, as a user may have set it: the batches' commits then skip the fsync (KeyRanges::RelaxCommits),
    // and what the kill leaves must be as exact as with every commit synced.
    ASSERT_EQ(Count("1 = 1"), kBatchRows);
    ASSERT_TRUE(session_->sql()->Query("PRAGMA journal_mode = WAL", {}).ok());
  }
  pid_t runner = strata_.Start({"up"}, "runner");
  // Kill it a few batches in: 30 batches with 25 ms between them take most of a second.
  for (int i = 0; i < 4000 && Count("n = 1") < 500; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(runner, SIGKILL);
  EXPECT_EQ(strata_.Finish(runner, "runner").exit_code, 128 + SIGKILL);
  const int64_t done = Count("n = 1");
  ASSERT_GE(done, 500);
  ASSERT_LT(done, kBatchRows) << "the run was killed too late to test anything; slow the batches down";
  EXPECT_EQ(done % 100, 0) << "only whole batches committed";

  Outcome status = strata_({"--json", "status"});
  json s = json::parse(status.out, nullptr, false);
  ASSERT_FALSE(s.is_discarded()) << status.out << status.err;
  EXPECT_EQ(s["migrations"][1]["status"], "running");
  EXPECT_EQ(s["migrations"][1]["batch"]["rows_done"], done) << "the checkpoint counts exactly what committed";
  EXPECT_EQ(s["migrations"][1]["batch"]["rows_total"], kBatchRows);
  EXPECT_EQ(s["migrations"][1]["batch"]["percent"], done * 100 / kBatchRows);
  Outcome text = strata_({"status"});
  EXPECT_TRUE(Contains(text.out, fmt::format("running {}% ({} of {} rows)", done * 100 / kBatchRows, done, kBatchRows)))
      << text.out;
  EXPECT_TRUE(Contains(text.out, "`strata up` resumes after it")) << text.out;

  Outcome resumed = strata_({"up"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_TRUE(Contains(resumed.out, "resumed")) << resumed.out;
  EXPECT_EQ(Count("n = 1"), kBatchRows);
  EXPECT_EQ(Count("n <> 1"), 0) << "no row done twice, none skipped";
  // Plain progress lines, not one per batch.
  size_t lines = 0;
  for (size_t at = 0; (at = resumed.err.find("applying 2 raise: ", at)) != std::string::npos; ++at) ++lines;
  EXPECT_GE(lines, 1u) << resumed.err;
  EXPECT_LT(lines, 10u) << resumed.err;
  EXPECT_TRUE(Contains(resumed.err, "100% (3000 of 3000 rows)")) << resumed.err;
}

TEST_P(BatchCliTest, DryRunChangesNothingAndEstimates) {
  Outcome dry = strata_({"up", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_TRUE(Contains(dry.out, "3000 rows in about 30 batches of 100")) << dry.out;
  ASSERT_EQ(strata_({"up", "--to", "1"}).exit_code, 0);
  Outcome again = strata_({"up", "--dry-run"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Count("n = 0"), kBatchRows);
  json s = json::parse(strata_({"--json", "status"}).out, nullptr, false);
  EXPECT_EQ(s["summary"]["pending"], 1);
  EXPECT_TRUE(s["migrations"][1]["batch"].is_null());
}

TEST_P(BatchCliTest, ATerminalGetsABarWithRateAndTimeLeft) {
  Outcome o = strata_.OnTerminal({"up"}, "");
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  const std::string all = o.out + o.err;
  EXPECT_TRUE(Contains(all, "[##############################] applying 2 raise: 100% (3000 of 3000 rows)")) << all;
  EXPECT_TRUE(Contains(all, "rows/s")) << all;
  EXPECT_TRUE(Contains(all, " left")) << all;
  EXPECT_TRUE(Contains(all, "\r\033[K")) << "redrawn in place";
  EXPECT_EQ(Count("n = 1"), kBatchRows);
}

INSTANTIATE_TEST_SUITE_P(Batches, BatchCliTest, ::testing::ValuesIn(testing::BackendsNamed({"sqlite", "postgres"})),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace strata
