// Batched MongoDB migrations (drivers/mongodb/mongodb_key_ranges.cc, the "batch" member of
// source/json_migration.cc) against the fake and a real server when configured: every document changed
// once over several _id ranges (ObjectIds, integers), a failed batch leaving a checkpoint that status
// reports and `up` resumes, the dry run, and the file's errors with their lines.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "strata/code_migration.h"
#include "strata/engine.h"
#include "strata/mongodb.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::TempDir;

constexpr char kRaise[] = R"({
  "batch": {"size": 10, "sleep": "1ms"},
  "up": [{"update": "items", "updates": [{"q": {}, "u": {"$inc": {"n": 1}}, "multi": true}]}],
  "down": [{"update": "items", "updates": [{"q": {"n": {"$gt": 0}}, "u": {"$inc": {"n": -1}}, "multi": true}]}]
})";

class MongodbKeyRangesTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
    EngineOptions options;
    options.actor = "tester";
    auto engine = Engine::Open(url_, options);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(*engine);
  }
  json Run(const std::string& command) {
    Database db(engine_->connection());
    auto reply = mongodb::RunCommand(db, command);
    EXPECT_TRUE(reply.ok()) << command << ": " << reply.status().ToString();
    return reply.ok() ? json::parse(*reply) : json();
  }
  json Docs() {
    return Run(R"({"find": "items", "sort": {"_id": 1}, "batchSize": 10000})")["cursor"]["firstBatch"];
  }
  // `documents` ("{...},{...}") inserted into items.
  void Insert(const std::string& documents) { Run(R"({"insert": "items", "documents": [)" + documents + "]}"); }
  static MigrationSet Set(const std::string& raise) {
    auto set = LoadMigrations(std::vector<MigrationFile>{{"1_raise.json", raise}});
    EXPECT_TRUE(set.ok()) << set.status().ToString();
    return set.ok() ? *set : MigrationSet{};
  }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<Engine> engine_;
};

TEST_P(MongodbKeyRangesTest, EveryDocumentOnceOverObjectIdRanges) {
  std::string documents;
  for (int i = 0; i < 25; ++i) documents += (i ? "," : "") + std::string(R"({"n": 0})");  // ObjectIds by the server
  Insert(documents);
  auto report = engine_->Up(Set(kRaise), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->status.ok()) << report->status.ToString();
  EXPECT_NE(report->steps[0].note.find("25 rows in 3 batches"), std::string::npos) << report->steps[0].note;
  json docs = Docs();
  ASSERT_EQ(docs.size(), 25u);
  for (const json& doc : docs) EXPECT_EQ(doc["n"], 1) << doc.dump();

  auto down = engine_->Down(Set(kRaise), {});
  ASSERT_TRUE(down.ok()) << down.status().ToString();
  ASSERT_TRUE(down->status.ok()) << down->status.ToString();
  for (const json& doc : Docs()) EXPECT_EQ(doc["n"], 0) << doc.dump();
}

TEST_P(MongodbKeyRangesTest, AFailedBatchLeavesACheckpointThatUpResumes) {
  std::string documents;
  for (int i = 1; i <= 30; ++i) {
    documents += fmt::format(R"({}{{"_id": {}, "n": {}}})", i > 1 ? "," : "", i, i == 15 ? R"("text")" : "0");
  }
  Insert(documents);  // $inc cannot raise the text of _id 15: the second batch (11..20) fails
  MigrationSet set = Set(kRaise);
  auto report = engine_->Up(set, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_FALSE(report->status.ok());
  EXPECT_NE(report->status.message().find("batch 2 (_id > {\"$numberInt\":\"10\"} and <= {\"$numberInt\":\"20\"}) failed"),
            std::string::npos)
      << report->status.ToString();
  const bool transactions = engine_->connection().capabilities().no_transactions_because.empty();
  EXPECT_NE(report->steps[0].note.find(transactions ? "was rolled back" : "was not rolled back (no transactions)"),
            std::string::npos)
      << report->steps[0].note;
  auto status = engine_->GetStatus(set);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  ASSERT_EQ(status->migrations.size(), 1u);
  EXPECT_EQ(status->migrations[0].status, "running");
  EXPECT_EQ(status->migrations[0].batch_rows_done, 10);
  EXPECT_EQ(status->migrations[0].batch_rows_total, 30);
  EXPECT_NE(status->migrations[0].error.find("33% (10 of 30 rows)"), std::string::npos) << status->migrations[0].error;

  Run(R"({"update": "items", "updates": [{"q": {"_id": 15}, "u": {"$set": {"n": 0}}}]})");
  auto resumed = engine_->Up(set, {});
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  ASSERT_TRUE(resumed->status.ok()) << resumed->status.ToString();
  EXPECT_NE(resumed->steps[0].note.find("resumed; 2 in this run"), std::string::npos) << resumed->steps[0].note;
  json docs = Docs();
  ASSERT_EQ(docs.size(), 30u);
  for (const json& doc : docs) EXPECT_EQ(doc["n"], 1) << doc.dump();  // none twice, none skipped
  auto after = engine_->GetStatus(set);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->applied, 1);
}

TEST_P(MongodbKeyRangesTest, DeletesInRangesWithItsFilter) {
  std::string documents;
  for (int i = 1; i <= 12; ++i) documents += fmt::format(R"({}{{"_id": "k{:02}", "old": {}}})", i > 1 ? "," : "", i, i % 2 ? "true" : "false");
  Insert(documents);
  auto report = engine_->Up(Set(R"({"batch": {"size": 5},
    "up": [{"delete": "items", "deletes": [{"q": {"old": true}, "limit": 0}]}]})"), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->status.ok()) << report->status.ToString();
  EXPECT_NE(report->steps[0].note.find("12 rows in 3 batches"), std::string::npos) << report->steps[0].note;
  json docs = Docs();
  ASSERT_EQ(docs.size(), 6u);
  for (const json& doc : docs) EXPECT_EQ(doc["old"], false) << doc.dump();
}

// Standalone (the fake): no dry run of a batch and a warning that a batch may be redone; on a replica set
// the first batch is rehearsed and rolled back. Either way the dry run changes nothing.
TEST_P(MongodbKeyRangesTest, TheDryRunChangesNothingAndWithoutTransactionsTheRunWarns) {
  const bool transactions = engine_->connection().capabilities().no_transactions_because.empty();
  Insert(R"({"_id": 1, "n": 0}, {"_id": 2, "n": 0})");
  UpOptions dry;
  dry.dry_run = true;
  auto rehearsed = engine_->Up(Set(kRaise), dry);
  ASSERT_TRUE(rehearsed.ok()) << rehearsed.status().ToString();
  EXPECT_EQ(rehearsed->steps[0].outcome, transactions ? StepOutcome::kWouldApply : StepOutcome::kUntested);
  for (const json& doc : Docs()) EXPECT_EQ(doc["n"], 0) << doc.dump();
  auto report = engine_->Up(Set(kRaise), {});
  ASSERT_TRUE(report.ok() && report->status.ok());
  bool warned = false;
  for (const std::string& w : report->warnings) warned = warned || w.find("commit separately") != std::string::npos;
  EXPECT_EQ(warned, !transactions);
}

// The member's errors and a part that cannot be batched, each with its file and line, before anything runs.
TEST(MongodbBatchFileTest, BadBatchMembersAndShapesAreRefusedWithTheirLine) {
  auto error = [](const std::string& content) {
    auto set = LoadMigrations(std::vector<MigrationFile>{{"1_raise.json", content}});
    return set.ok() ? std::string("accepted") : set.status().ToString();
  };
  const std::string up = R"("up": [{"update": "items", "updates": [{"q": {}, "u": {"$inc": {"n": 1}}, "multi": true}]}])";
  EXPECT_NE(error("{\n" + up + ",\n\"batch\": {\"size\": 0}}").find("1_raise.json:3"), std::string::npos);
  EXPECT_NE(error("{\n" + up + ",\n\"batch\": {\"size\": 0}}").find("\"size\" must be a positive whole number"),
            std::string::npos);
  EXPECT_NE(error("{" + up + ", \"batch\": {\"sleep\": \"soon\"}}").find("\"sleep\" must be a duration"),
            std::string::npos);
  EXPECT_NE(error("{" + up + ", \"batch\": {\"key\": \"email\"}}").find("unknown member \"key\""), std::string::npos);
  EXPECT_NE(error("{" + up + ", \"batch\": 100}").find("\"batch\" must be an object"), std::string::npos);
  EXPECT_EQ(error("{" + up + ", \"batch\": {}}"), "accepted");

  const std::string one = R"("up": [{"update": "items", "updates": [{"q": {}, "u": {"$set": {"n": 1}}}]}])";
  std::string refused = error("{\"batch\": {},\n" + one + "}");
  EXPECT_NE(refused.find("1_raise.json:2"), std::string::npos) << refused;
  EXPECT_NE(refused.find("add \"multi\": true"), std::string::npos) << refused;
  refused = error("{\"batch\": {}, \"up\": [{\"drop\": \"items\"}]}");
  EXPECT_NE(refused.find("is a \"drop\" command"), std::string::npos) << refused;
  refused = error("{\"batch\": {}, \"up\": [{\"delete\": \"items\", \"deletes\": [{\"q\": {}, \"limit\": 1}]}]}");
  EXPECT_NE(refused.find("add \"limit\": 0"), std::string::npos) << refused;
  refused = error("{\"batch\": {}, " + up + ",\n\"down\": [{\"drop\": \"a\"}, {\"drop\": \"b\"}]}");
  EXPECT_NE(refused.find("\"down\" has 2 commands"), std::string::npos) << refused;
  EXPECT_NE(refused.find("1_raise.json:2"), std::string::npos) << refused;
}

INSTANTIATE_TEST_SUITE_P(Mongo, MongodbKeyRangesTest, ::testing::ValuesIn(testing::MongoBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MongodbKeyRangesTest);

}  // namespace
}  // namespace strata
