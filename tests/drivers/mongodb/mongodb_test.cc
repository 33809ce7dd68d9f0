// The MongoDB driver against the wire-protocol fake (always, in CI) and a real server when
// STRATA_TEST_MONGODB_URL is set: what is MongoDB's own. The behaviour every database shares (reverts,
// baseline, placeholders, modified files, interrupted runs, the lock, the event log) is in
// tests/drivers/conformance_test.cc, which runs on MongoDB too. Here: Extended JSON, failures named by
// command, the helpers, backups, the lock's expiry, the history's layout as documents.
// What the fake cannot show (transactions, $jsonSchema) is in the tests at the end, real server only.
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

class MongodbTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
  }

  void Write(const std::string& file, const std::string& content) { dir_.Write("m/" + file, content); }
  MigrationSet Load() {
    auto set = LoadMigrations((dir_.path() / "m").string());
    EXPECT_TRUE(set.ok()) << set.status().ToString();
    return set.ok() ? *set : MigrationSet{};
  }
  std::unique_ptr<Engine> Open(EngineOptions options = {}) {
    if (options.actor.empty()) options.actor = "tester";
    auto engine = Engine::Open(url_, std::move(options));
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(*engine) : nullptr;
  }
  // The reply to one command, run through the public API code migrations use.
  json Run(Engine& engine, const std::string& command) {
    Database db(engine.connection());
    auto reply = mongodb::RunCommand(db, command);
    EXPECT_TRUE(reply.ok()) << command << ": " << reply.status().ToString();
    return reply.ok() ? json::parse(*reply) : json();
  }
  // The documents of `collection` matching `filter`, in _id order.
  json Docs(Engine& engine, const std::string& collection, const std::string& filter = "{}") {
    return Run(engine, R"({"find": ")" + collection + R"(", "filter": )" + filter +
                           R"(, "sort": {"_id": 1}, "batchSize": 10000})")["cursor"]["firstBatch"];
  }
  bool Exists(Engine& engine, const std::string& collection) {
    return !Run(engine, R"({"listCollections": 1, "filter": {"name": ")" + collection + R"("}})")["cursor"]["firstBatch"]
                .empty();
  }
  std::map<std::string, HistoryRecord> Records(Engine& engine) {
    std::map<std::string, HistoryRecord> out;
    auto history = engine.connection().history().Read(true);
    EXPECT_TRUE(history.ok());
    for (auto& r : *history) out[r.version] = r;
    return out;
  }
  // Applies one migration file holding `up` (and `down`) and returns the run's report.
  RunReport Apply(Engine& engine, const std::string& file, const std::string& up, const std::string& down = "") {
    Write(file, R"({"up": )" + up + (down.empty() ? "" : R"(, "down": )" + down) + "}");
    auto report = engine.Up(Load(), {});
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : RunReport{};
  }

  TempDir dir_;
  std::string url_;
};

// A placeholder's value is stored exactly as given, whatever it holds, or refused with nothing applied.
TEST_P(MongodbTest, PlaceholderValuesNeverChangeADocumentsShape) {
  const std::vector<std::string> values = {R"(C:\new\table)", "say \"hi\"", "tab\there\nline\x01", "naïve ☃ 日本",
                                           "gold\", \"x\": \"injected", "\\\", \"$set\": {\"y\": 1}, \"z\": \""};
  for (size_t i = 0; i < values.size(); ++i) {
    EngineOptions options;
    options.variables = {{"V", values[i]}};
    auto engine = Open(options);
    RunReport report = Apply(*engine, std::to_string(i + 1) + "_v.json",
                             R"([{"insert": "settings", "documents": [{"_id": )" + std::to_string(i) +
                                 R"(, "value": "${V}"}]}])");
    ASSERT_TRUE(report.status.ok()) << report.status.ToString();
    json docs = Docs(*engine, "settings", R"({"_id": )" + std::to_string(i) + "}");
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_EQ(docs[0], (json{{"_id", i}, {"value", values[i]}})) << "value " << i;
  }
  EngineOptions options;
  options.variables = {{"N", "1, \"injected\": true"}};
  auto engine = Open(options);
  Write("99_n.json", R"({"up": [{"insert": "numbers", "documents": [{"_id": 1, "n": ${N}}]}]})");
  auto refused = engine->Up(Load(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("${N}"), std::string::npos) << refused.status().message();
  EXPECT_FALSE(Exists(*engine, "numbers"));
  EXPECT_EQ(Records(*engine).count("99"), 0u);
}

TEST_P(MongodbTest, UpAppliesInOrderAndRecordsEverything) {
  Write("1_users.json", R"({"up": [{"create": "users"},
                                   {"insert": "users", "documents": [{"_id": 1, "name": "Ada", "born": {"$date": "1815-12-10T00:00:00Z"}}]}],
                            "down": [{"drop": "users"}]})");
  Write("2_index.json", R"({"up": [{"createIndexes": "users", "indexes": [{"key": {"name": 1}, "name": "name_1"}]}]})");
  auto engine = Open();
  EXPECT_FALSE(engine->connection().capabilities().transactional_ddl && GetParam().name == "mongodb_fake");
  auto report = engine->Up(Load(), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->status.ok()) << report->status.ToString();
  EXPECT_EQ(report->Count(StepOutcome::kApplied), 2);
  json users = Docs(*engine, "users");
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["name"], "Ada");
  EXPECT_TRUE(users[0]["born"].contains("$date")) << "Extended JSON types arrive as BSON types";
  auto records = Records(*engine);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records["1"].status, MigrationStatus::kApplied);
  EXPECT_EQ(records["1"].applied_by, "tester");
  EXPECT_EQ(records["1"].checksum, Load().migrations[0].checksum);
  EXPECT_NE(records["1"].up_text.find("\"create\""), std::string::npos);
  EXPECT_LT(records["1"].apply_order, records["2"].apply_order);
  auto events = engine->History(0);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].version, "1");
  EXPECT_LT((*events)[0].id, (*events)[1].id);
  auto again = engine->Up(Load(), {});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->steps.empty());
}

TEST_P(MongodbTest, FailedCommandNamesFileIndexKeyAndServerErrorThenRepair) {
  auto engine = Open();
  if (engine->connection().capabilities().transactional_ddl) GTEST_SKIP() << "standalone behaviour";
  RunReport report = Apply(*engine, "1_half.json", R"([
    {"insert": "items", "documents": [{"_id": 1}]},
    {"create": "items"}
  ])");
  ASSERT_EQ(report.status.code(), StatusCode::kMigrationFailed);
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].find("standalone and has no transactions"), std::string::npos) << report.warnings[0];
  const std::string message = report.status.message();
  EXPECT_NE(message.find("command 2 (\"create\")"), std::string::npos) << message;
  EXPECT_NE(message.find("code 48"), std::string::npos) << message;
  ASSERT_TRUE(report.status.location());
  EXPECT_NE(report.status.location()->file.find("1_half.json"), std::string::npos);
  EXPECT_EQ(report.status.location()->line, 3);
  EXPECT_EQ(report.status.location()->statement, 1);
  EXPECT_NE(report.steps[0].note.find("outside a transaction"), std::string::npos) << report.steps[0].note;
  // Standalone: the first command's insert stays, and the migration blocks until a person repairs.
  EXPECT_EQ(Docs(*engine, "items").size(), 1u);
  auto record = Records(*engine)["1"];
  EXPECT_EQ(record.status, MigrationStatus::kFailed);
  EXPECT_TRUE(record.dirty);
  auto refused = engine->Up(Load(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kDirty);
  Run(*engine, R"({"drop": "items"})");
  ASSERT_TRUE(engine->Repair(Load(), {}).ok());
  Write("1_half.json", R"({"up": [{"insert": "items", "documents": [{"_id": 1}]}]})");
  auto after = engine->Up(Load(), {});
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->status.ok()) << after->status.ToString();
}

TEST_P(MongodbTest, InvalidExtendedJsonRunsNothing) {
  auto engine = Open();
  RunReport report = Apply(*engine, "1_bad.json", R"([
    {"insert": "items", "documents": [{"_id": 1}]},
    {"insert": "items", "documents": [{"at": {"$date": "not a date"}}]}
  ])");
  ASSERT_EQ(report.status.code(), StatusCode::kMigrationFailed);
  EXPECT_NE(report.status.message().find("command 2"), std::string::npos) << report.status.message();
  EXPECT_NE(report.status.message().find("Extended JSON"), std::string::npos) << report.status.message();
  EXPECT_FALSE(Exists(*engine, "items")) << "checked before the first command ran";
}

// libbson reads {"$type": ...} as legacy binary; the driver keeps the query operator a query operator.
TEST_P(MongodbTest, TypeQueryOperatorAndBinaryValuesBothArrive) {
  auto engine = Open();
  RunReport report = Apply(*engine, "1_types.json", R"([
    {"insert": "a", "documents": [{"_id": 1, "x": "s"}, {"_id": 2, "x": 1}, {"_id": 3, "bin": {"$binary": {"base64": "AQID", "subType": "00"}}}]},
    {"delete": "a", "deletes": [{"q": {"x": {"$type": "string"}}, "limit": 0}]}
  ])");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  json docs = Docs(*engine, "a");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0]["_id"], 2);
  EXPECT_EQ(docs[1]["bin"]["$binary"]["base64"], "AQID");
}

// One version keeps one history document when its file is renamed (10_a.json -> 010_a.json).
TEST_P(MongodbTest, ARenamedVersionKeepsOneHistoryDocument) {
  auto engine = Open();
  ASSERT_TRUE(Apply(*engine, "10_a.json", R"([{"create": "a"}])", R"([{"drop": "a"}])").status.ok());
  std::filesystem::rename(dir_.path() / "m" / "10_a.json", dir_.path() / "m" / "010_a.json");
  auto reverted = engine->Revert(Load(), *Version::Parse("10"));
  ASSERT_TRUE(reverted.ok() && reverted->status.ok()) << reverted.status().ToString();
  auto up = engine->Up(Load(), {});
  ASSERT_TRUE(up.ok() && up->status.ok()) << up.status().ToString();
  auto records = Records(*engine);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records.begin()->second.status, MigrationStatus::kApplied);
}

TEST_P(MongodbTest, FieldHelpersReportMatchedAndChangedInBatches) {
  auto engine = Open();
  Run(*engine, R"({"insert": "users", "documents": [
    {"_id": 1, "phone": "1", "name": "ada"}, {"_id": 2, "phone": "2", "name": "bob"}, {"_id": 3, "name": "cy"},
    {"_id": 4, "phone": "4", "name": "dee", "active": false}, {"_id": 5, "phone": "5", "name": "eve"}]})");
  RunReport report = Apply(*engine, "1_fields.json", R"([
    {"strata.renameField": {"collection": "users", "from": "phone", "to": "phoneNumber", "batchSize": 2}},
    {"strata.addField": {"collection": "users", "field": "active", "value": true, "batchSize": 2}},
    {"strata.copyField": {"collection": "users", "from": "name", "to": "login"}},
    {"strata.transform": {"collection": "users", "filter": {"_id": {"$lte": 2}}, "pipeline": [{"$set": {"name": {"$toUpper": "$name"}}}]}},
    {"strata.removeField": {"collection": "users", "field": "login", "filter": {"_id": 5}}}
  ])");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  const std::string& note = report.steps[0].note;
  EXPECT_NE(note.find("strata.renameField on users: matched 4, changed 4"), std::string::npos) << note;
  EXPECT_NE(note.find("strata.addField on users: matched 4, changed 4"), std::string::npos) << note;
  EXPECT_NE(note.find("strata.copyField on users: matched 5, changed 5"), std::string::npos) << note;
  EXPECT_NE(note.find("strata.transform on users: matched 2, changed 2"), std::string::npos) << note;
  EXPECT_NE(note.find("strata.removeField on users: matched 1, changed 1"), std::string::npos) << note;
  json users = Docs(*engine, "users");
  ASSERT_EQ(users.size(), 5u);
  EXPECT_EQ(users[0]["phoneNumber"], "1");
  EXPECT_FALSE(users[0].contains("phone"));
  EXPECT_FALSE(users[2].contains("phoneNumber"));
  EXPECT_EQ(users[3]["active"], false) << "addField only fills documents without the field";
  EXPECT_EQ(users[2]["active"], true);
  EXPECT_EQ(users[0]["name"], "ADA");
  EXPECT_EQ(users[2]["name"], "cy");
  EXPECT_EQ(users[2]["login"], "cy");
  EXPECT_FALSE(users[4].contains("login"));
}

TEST_P(MongodbTest, DuplicatesIndexesArchiveAndReferences) {
  auto engine = Open();
  Run(*engine, R"({"insert": "users", "documents": [
    {"_id": 1, "email": "a@x"}, {"_id": 2, "email": "b@x"}, {"_id": 3, "email": "a@x"}, {"_id": 4, "email": "a@x"}]})");
  Run(*engine, R"({"insert": "orders", "documents": [
    {"_id": 10, "customer": 3, "at": {"$date": "2020-05-01T00:00:00Z"}},
    {"_id": 11, "customer": 4, "watchers": [3, 2, 3], "at": {"$date": "2024-05-01T00:00:00Z"}},
    {"_id": 12, "customer": 2, "at": {"$date": "2019-01-01T00:00:00Z"}}]})");
  RunReport report = Apply(*engine, "1_tidy.json", R"([
    {"strata.updateReferences": {"collection": "orders", "field": "customer", "from": 3, "to": 1}},
    {"strata.updateReferences": {"collection": "orders", "field": "watchers", "from": 3, "to": 1}},
    {"strata.removeDuplicates": {"collection": "users", "key": ["email"]}},
    {"strata.addUnique": {"collection": "users", "keys": ["email"]}},
    {"strata.createIndex": {"collection": "orders", "keys": {"at": -1}, "name": "recent"}},
    {"strata.archive": {"collection": "orders", "to": "orders_archive", "field": "at", "before": {"$date": "2021-01-01T00:00:00Z"}, "batchSize": 1}}
  ])", R"([{"strata.dropUnique": {"collection": "users", "keys": ["email"]}}, {"strata.dropIndex": {"collection": "orders", "name": "recent"}}])");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  const std::string& note = report.steps[0].note;
  EXPECT_NE(note.find("strata.removeDuplicates on users: matched 3, changed 2"), std::string::npos) << note;
  EXPECT_NE(note.find("strata.archive on orders: matched 2, changed 2"), std::string::npos) << note;
  json users = Docs(*engine, "users");
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0]["_id"], 1) << "the oldest of each key is kept";
  json orders = Docs(*engine, "orders");
  ASSERT_EQ(orders.size(), 1u);
  EXPECT_EQ(orders[0]["watchers"], json::array({1, 2, 1}));
  json archived = Docs(*engine, "orders_archive");
  ASSERT_EQ(archived.size(), 2u);
  EXPECT_EQ(archived[0]["customer"], 1) << "references were updated before archiving";
  EXPECT_EQ(archived[1]["customer"], 2);
  // The unique constraint holds.
  Database db(engine->connection());
  auto duplicate = mongodb::RunCommand(db, R"({"insert": "users", "documents": [{"email": "b@x"}]})");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.status().message().find("11000"), std::string::npos) << duplicate.status().message();
  json indexes = Run(*engine, R"({"listIndexes": "orders"})")["cursor"]["firstBatch"];
  EXPECT_EQ(indexes.size(), 2u);
  auto down = engine->Down(Load(), {});
  ASSERT_TRUE(down.ok());
  EXPECT_TRUE(down->status.ok()) << down->status.ToString();
  EXPECT_EQ(Run(*engine, R"({"listIndexes": "orders"})")["cursor"]["firstBatch"].size(), 1u);
  EXPECT_TRUE(mongodb::RunCommand(db, R"({"insert": "users", "documents": [{"email": "b@x"}]})").ok());
}

TEST_P(MongodbTest, HelperMistakesAreNamed) {
  auto engine = Open();
  RunReport report = Apply(*engine, "1_typo.json", R"([{"strata.renameFeild": {"collection": "users"}}])");
  ASSERT_FALSE(report.status.ok());
  EXPECT_NE(report.status.message().find("unknown helper strata.renameFeild"), std::string::npos);
  EXPECT_NE(report.status.message().find("strata.renameField"), std::string::npos) << report.status.message();
  ASSERT_TRUE(engine->Repair(Load(), {}).ok());
  Write("1_typo.json", R"({"up": [{"strata.renameField": {"collection": "users", "from": "a"}}]})");
  auto missing = engine->Up(Load(), {});
  ASSERT_TRUE(missing.ok());
  EXPECT_NE(missing->status.message().find("strata.renameField needs \"to\""), std::string::npos)
      << missing->status.message();
}

TEST_P(MongodbTest, RiskyMigrationsAreBackedUpAndRestored) {
  auto engine = Open();
  Run(*engine, R"({"insert": "users", "documents": [{"_id": 1, "legacy": "x"}, {"_id": 2, "legacy": "y"}]})");
  Run(*engine, R"({"insert": "logs", "documents": [{"_id": 1}]})");
  Run(*engine, R"({"insert": "notes", "documents": [{"_id": 1}]})");
  // Removing a field and dropping a collection are risky; an insert is not.
  RunReport report = Apply(*engine, "1_cleanup.json", R"([
    {"update": "users", "updates": [{"q": {}, "u": {"$unset": {"legacy": ""}}, "multi": true}]},
    {"drop": "logs"},
    {"insert": "notes", "documents": [{"_id": 2}]}
  ])");
  ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  EXPECT_NE(report.steps[0].note.find("backed up users to strata_backup_1_users (2 documents"), std::string::npos)
      << report.steps[0].note;
  auto backups = engine->ListBackups();
  ASSERT_TRUE(backups.ok()) << backups.status().ToString();
  ASSERT_EQ(backups->size(), 2u);
  std::set<std::string> objects{(*backups)[0].object, (*backups)[1].object};
  EXPECT_EQ(objects, (std::set<std::string>{"logs", "users"}));
  EXPECT_FALSE(Docs(*engine, "users")[0].contains("legacy"));

  auto restored = engine->RestoreBackup("strata_backup_1_users");
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->object, "users");
  EXPECT_EQ(Docs(*engine, "users")[1]["legacy"], "y");
  ASSERT_TRUE(engine->RestoreBackup("strata_backup_1_logs").ok());
  EXPECT_EQ(Docs(*engine, "logs").size(), 1u) << "a dropped collection comes back";
  auto unknown = engine->RestoreBackup("strata_backup_9_none");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("strata backups list"), std::string::npos);

  // Every document overwritten, every document deleted: both copied first, both brought back.
  RunReport wiped = Apply(*engine, "2_wipe.json", R"([
    {"update": "users", "updates": [{"q": {}, "u": {"$set": {"legacy": "z"}}, "multi": true}]},
    {"delete": "logs", "deletes": [{"q": {}, "limit": 0}]}
  ])");
  ASSERT_TRUE(wiped.status.ok()) << wiped.status.ToString();
  EXPECT_EQ(Docs(*engine, "users")[0]["legacy"], "z");
  EXPECT_TRUE(Docs(*engine, "logs").empty());
  ASSERT_TRUE(engine->RestoreBackup("strata_backup_2_users").ok());
  ASSERT_TRUE(engine->RestoreBackup("strata_backup_2_logs").ok());
  EXPECT_EQ(Docs(*engine, "users")[0]["legacy"], "x");
  EXPECT_EQ(Docs(*engine, "users")[1]["legacy"], "y");
  EXPECT_EQ(Docs(*engine, "logs").size(), 1u);

  // A file may ask for a backup of all it touches; the option turns backups off.
  Write("3_seed.json", R"({"backup": true, "up": [{"insert": "notes", "documents": [{"_id": 3}]}]})");
  auto asked = engine->Up(Load(), {});
  ASSERT_TRUE(asked.ok());
  EXPECT_NE(asked->steps[0].note.find("backed up notes"), std::string::npos) << asked->steps[0].note;
  EngineOptions no_backups;
  no_backups.backups = false;
  auto quiet = Open(no_backups);
  Write("4_drop.json", R"({"up": [{"drop": "notes"}]})");
  auto dropped = quiet->Up(Load(), {});
  ASSERT_TRUE(dropped.ok());
  EXPECT_EQ(quiet->ListBackups()->size(), 5u);
}

TEST_P(MongodbTest, LockExcludesASecondRunnerAndExpiredLocksAreTakenOver) {
  Write("1_a.json", R"({"up": [{"create": "a"}]})");
  auto holder = Open();
  ASSERT_TRUE(holder->connection().AcquireLock(std::chrono::milliseconds(0), "holder process").ok());
  EngineOptions options;
  options.lock_timeout = std::chrono::milliseconds(300);
  auto waiter = Open(options);
  auto refused = waiter->Up(Load(), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kLockTimeout);
  EXPECT_NE(refused.status().message().find("holder process"), std::string::npos) << refused.status().message();
  EXPECT_NE(waiter->LockHolder()->find("holder process"), std::string::npos);
  ASSERT_TRUE(holder->connection().ReleaseLock().ok());
  EXPECT_EQ(*waiter->LockHolder(), "");

  // A runner that died left its lock behind; once expired, the next runner takes it over.
  Run(*waiter, R"({"insert": "strata_migrations_lock", "documents": [{"_id": "lock", "token": "dead",
                   "holder": "crashed runner", "since": "2020-01-01T00:00:00Z", "expires_ms": {"$numberLong": "1000"}}]})");
  EXPECT_EQ(*waiter->LockHolder(), "") << "an expired lock is free";
  auto applied = waiter->Up(Load(), {});
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->Count(StepOutcome::kApplied), 1);
  EXPECT_TRUE(Docs(*waiter, "strata_migrations_lock").empty()) << "released after the run";

  // A live holder's lock is refused until broken.
  ASSERT_TRUE(holder->connection().AcquireLock(std::chrono::milliseconds(0), "stuck").ok());
  ASSERT_TRUE(waiter->BreakLock().ok());
  EXPECT_TRUE(waiter->connection().AcquireLock(std::chrono::milliseconds(0), "next").ok());
}

TEST_P(MongodbTest, NewerLayoutIsRefusedAndTheHistoryCollectionIsConfigurable) {
  Write("1_a.json", R"({"up": [{"create": "a"}]})");
  EngineOptions options;
  options.history_table = "schema_history";
  auto engine = Open(options);
  ASSERT_TRUE(engine->Up(Load(), {})->status.ok());
  EXPECT_EQ(Docs(*engine, "schema_history").size(), 1u);
  EXPECT_FALSE(Exists(*engine, "strata_migrations"));
  Run(*engine, R"({"update": "schema_history_meta", "updates": [{"q": {"_id": "layout"}, "u": {"$set": {"value": 99}}}]})");
  auto status = engine->GetStatus(Load());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.status().message().find("newer strata"), std::string::npos) << status.status().message();
  Run(*engine, R"({"update": "schema_history_meta", "updates": [{"q": {"_id": "layout"}, "u": {"$set": {"value": "banana"}}}]})");
  auto banana = engine->Up(Load(), {});
  ASSERT_FALSE(banana.ok());
  EXPECT_EQ(banana.status().code(), StatusCode::kInvalidHistory);
  EXPECT_NE(banana.status().message().find("\"banana\""), std::string::npos) << banana.status().message();
  // A version that is not a number would match no file: refused, not re-run.
  Run(*engine, R"({"update": "schema_history_meta", "updates": [{"q": {"_id": "layout"}, "u": {"$set": {"value": 1}}}]})");
  Run(*engine, R"({"update": "schema_history", "updates": [{"q": {"_id": "1"}, "u": {"$set": {"checksum": ""}}}]})");
  auto unchecked = engine->Validate(Load());
  ASSERT_FALSE(unchecked.ok());
  EXPECT_NE(unchecked.status().message().find("no checksum"), std::string::npos) << unchecked.status().message();
  EngineOptions bad;
  bad.history_table = "a$b";
  EXPECT_FALSE(Engine::Open(url_, bad).ok());
}

TEST_P(MongodbTest, CodeMigrationsGetTheDatabase) {
  auto engine = Open();
  Run(*engine, R"({"insert": "people", "documents": [{"_id": 1, "tel": "5"}]})");
  MigrationSet set;
  CodeMigration code{"1", "rename_tel", "tel -> phone", "v1",
                     [](Database& db) -> Status {
                       if (!mongodb::Handle(db)) return Status(StatusCode::kInvalidArgument, "no handle");
                       auto counts = mongodb::RenameField(db, "people", "tel", "phone");
                       if (!counts.ok()) return counts.status();
                       return counts->changed == 1 ? Status::Ok() : Status(StatusCode::kInvalidArgument, "count");
                     },
                     {}, true};
  ASSERT_TRUE(AddCodeMigration(set, code).ok());
  auto report = engine->Up(set, {});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok()) << report->status.ToString();
  EXPECT_EQ(Docs(*engine, "people")[0]["phone"], "5");
  EXPECT_EQ(engine->connection().sql(), nullptr) << "MongoDB has no SQL";
  Database db(engine->connection());
  EXPECT_EQ(db.Query("SELECT 1").status().code(), StatusCode::kRefused) << "a code migration is told why";
}

TEST_P(MongodbTest, DryRunOnAStandaloneServerRunsNothing) {
  auto engine = Open();
  if (engine->connection().capabilities().transactional_ddl) GTEST_SKIP() << "standalone behaviour";
  Write("1_a.json", R"({"up": [{"create": "a"}]})");
  UpOptions dry;
  dry.dry_run = true;
  auto report = engine->Up(Load(), dry);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->Count(StepOutcome::kUntested), 1);
  EXPECT_FALSE(Exists(*engine, "a"));
}

// What the fake cannot show: these run only against a real server (STRATA_TEST_MONGODB_URL).
class MongodbRealServerTest : public MongodbTest {};

std::vector<Backend> RealServers() {
  std::vector<Backend> out;
  for (const Backend& b : testing::MongoBackends()) {
    if (b.name == "mongodb_real") out.push_back(b);
  }
  return out;
}

// A replica set's transaction undoes a failed migration whole.
TEST_P(MongodbRealServerTest, ReplicaSetTransactionUndoesAFailedMigration) {
  auto engine = Open();
  if (!engine->connection().capabilities().transactional_ddl) {
    GTEST_SKIP() << "needs a replica set or sharded cluster; STRATA_TEST_MONGODB_URL is a standalone server";
  }
  Run(*engine, R"({"create": "items"})");
  RunReport report = Apply(*engine, "1_half.json", R"([
    {"insert": "items", "documents": [{"_id": 1}]},
    {"insert": "items", "documents": [{"_id": 1}]}
  ])");
  ASSERT_EQ(report.status.code(), StatusCode::kMigrationFailed);
  EXPECT_TRUE(Docs(*engine, "items").empty()) << "the first insert was rolled back with the transaction";
  EXPECT_FALSE(Records(*engine)["1"].dirty);
}

// $jsonSchema validators are enforced by MongoDB (the fake stores them without enforcing them).
TEST_P(MongodbRealServerTest, ValidatorCreatedByAMigrationIsEnforced) {
  auto engine = Open();
  ASSERT_TRUE(Apply(*engine, "1_v.json", R"([{"create": "people", "validator": {"$jsonSchema": {
    "bsonType": "object", "required": ["name"]}}}])").status.ok());
  Database db(engine->connection());
  EXPECT_FALSE(mongodb::RunCommand(db, R"({"insert": "people", "documents": [{"age": 3}]})").ok());
}

INSTANTIATE_TEST_SUITE_P(Mongo, MongodbTest, ::testing::ValuesIn(testing::MongoBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Mongo, MongodbRealServerTest, ::testing::ValuesIn(RealServers()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MongodbTest);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MongodbRealServerTest);

}  // namespace
}  // namespace strata
