// End-to-end on MongoDB: the built `strata` binary against the wire-protocol fake that
// scripts/test-servers.sh starts (a real server's URL works the same; see tests/support/backends.h).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/backends.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

class MongodbCliTest : public ::testing::Test {
 protected:
  MongodbCliTest() : strata_(dir_.path()) {}
  void SetUp() override {
    auto backends = testing::MongoBackends();
    // Required in CI (STRATA_TEST_REQUIRE_SERVERS=1): FreshUrl then fails the test instead.
    if (backends.empty()) GTEST_SKIP() << "no MongoDB: scripts/test-servers.sh starts the fake (STRATA_TEST_MONGOFAKE_URL)";
    url_ = testing::FreshUrl(backends[0], dir_);
    ASSERT_FALSE(url_.empty());
    strata_.env["DATABASE_URL"] = url_;
  }
  void Migration(const std::string& file, const std::string& content) { dir_.Write("db/migrations/" + file, content); }
  json Json(const std::vector<std::string>& args, int expected_exit = 0) {
    std::vector<std::string> with_json = args;
    with_json.insert(with_json.begin(), "--json");
    Outcome o = strata_(with_json);
    EXPECT_EQ(o.exit_code, expected_exit) << o.out << o.err;
    return json::parse(o.out, nullptr, false);
  }

  TempDir dir_;
  Strata strata_;
  std::string url_;
};

TEST_F(MongodbCliTest, UpStatusBackupsRestoreAndDown) {
  Migration("001_users.json", R"({
  "up": [
    {"insert": "users", "documents": [{"_id": 1, "phone": "1"}, {"_id": 2, "phone": "2"}, {"_id": 3}]}
  ],
  "down": [{"drop": "users"}]
})");
  Migration("002_rename_phone.json", R"({
  "up": [{"strata.renameField": {"collection": "users", "from": "phone", "to": "phoneNumber"}}],
  "down": [{"strata.renameField": {"collection": "users", "from": "phoneNumber", "to": "phone"}}]
})");
  Outcome up = strata_({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_NE(up.out.find("2 applied, 0 skipped, 0 failed"), std::string::npos) << up.out;
  EXPECT_NE(up.out.find("strata.renameField on users: matched 2, changed 2"), std::string::npos) << up.out;
  EXPECT_NE(up.out.find("backed up users to strata_backup_002_users"), std::string::npos) << up.out;

  json status = Json({"status"});
  EXPECT_EQ(status["current_version"], "002");
  EXPECT_EQ(status["summary"]["applied"], 2);

  json backups = Json({"backups", "list"})["backups"];
  ASSERT_EQ(backups.size(), 1u) << backups.dump();
  EXPECT_EQ(backups[0]["id"], "strata_backup_002_users");
  EXPECT_EQ(backups[0]["object"], "users");
  EXPECT_EQ(backups[0]["version"], "002");
  EXPECT_EQ(backups[0]["rows"], 3);
  Outcome listed = strata_({"backups", "list"});
  EXPECT_NE(listed.out.find("strata_backup_002_users  users  002 rename_phone"), std::string::npos) << listed.out;

  Outcome restored = strata_({"backups", "restore", "strata_backup_002_users"});
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_NE(restored.out.find("restored users from strata_backup_002_users (3 documents"), std::string::npos)
      << restored.out;
  Outcome unknown = strata_({"backups", "restore", "nope"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("no backup 'nope'"), std::string::npos) << unknown.err;

  Outcome down = strata_({"down", "--all"});
  EXPECT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(Json({"status"})["summary"]["applied"], 0);
  EXPECT_EQ(Json({"history"})["events"].size(), 4u);

  // The revert of 002 took a second copy; pruning to none deletes both, copies and catalog entries.
  json pruned = Json({"backups", "prune", "--keep", "0"});
  EXPECT_GE(pruned["removed"].size(), 1u) << pruned;
  EXPECT_TRUE(Json({"backups", "list"})["backups"].empty());
  EXPECT_NE(strata_({"backups", "restore", "strata_backup_002_users"}).exit_code, 0) << "its copy is gone";
}

TEST_F(MongodbCliTest, AFailingCommandIsNamedWithTheServersWords) {
  Migration("001_bad.json", "{\n  \"up\": [\n    {\"create\": \"a\"},\n    {\"create\": \"a\"}\n  ]\n}\n");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_NE(up.err.find("db/migrations/001_bad.json:4"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("MongoDB command 2 (\"create\")"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("code 48"), std::string::npos) << up.err;
  json status = Json({"status"});
  EXPECT_EQ(status["migrations"][0]["status"], "failed");
  EXPECT_EQ(status["migrations"][0]["dirty"], true) << "standalone: the first command stays; a person repairs";
}

TEST_F(MongodbCliTest, UrlsAreCheckedAndPasswordsNeverPrinted) {
  Migration("001_a.json", R"({"up": [{"create": "a"}]})");
  std::string with_password = url_;
  with_password.insert(with_password.find("://") + 3, "app:s3cret-pw@");
  Outcome o = strata_({"--url", with_password + "?serverSelectionTimeoutMS=2000", "status"});
  EXPECT_NE(o.exit_code, 0);
  EXPECT_EQ(o.err.find("s3cret-pw"), std::string::npos) << o.err;
  Outcome no_db = strata_({"--url", "mongodb://127.0.0.1:1", "status"});
  EXPECT_NE(no_db.err.find("names no database"), std::string::npos) << no_db.err;
  Outcome bad = strata_({"--url", "mongodb://127.0.0.1:notaport/app", "status"});
  EXPECT_NE(bad.err.find("invalid MongoDB URL"), std::string::npos) << bad.err;
}

TEST_F(MongodbCliTest, NewWritesAJsonTemplateThatAppliesAsANoOp) {
  Outcome created = strata_({"new", "add index", "--sequential"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.out, "db/migrations/001_add_index.json\n");
  EXPECT_EQ(strata_({"new", "plain", "--sequential", "--format", "sql"}).out, "db/migrations/002_plain.sql\n");
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 1) << "SQL cannot run on MongoDB: " << up.out;
  EXPECT_NE(up.err.find("002_plain.sql"), std::string::npos) << up.err;
}

TEST_F(MongodbCliTest, ConcurrentUpAppliesEachMigrationOnce) {
  for (int i = 1; i <= 4; ++i) {
    Migration("00" + std::to_string(i) + "_c.json",
              R"({"up": [{"insert": "c", "documents": [{"n": )" + std::to_string(i) + R"(}]},
                         {"strata.addField": {"collection": "c", "field": "seen", "value": true}}]})");
  }
  for (const Outcome& o : strata_.AtOnce(6, {"up"})) EXPECT_EQ(o.exit_code, 0) << o.err;
  json events = Json({"history"})["events"];
  std::set<std::string> versions;
  for (const auto& e : events) versions.insert(e["version"]);
  EXPECT_EQ(events.size(), 4u) << events.dump();
  EXPECT_EQ(versions.size(), 4u);
}

TEST_F(MongodbCliTest, SchemaDumpLoadTestAndDrift) {
  Migration("001_users.json", R"({
  "up": [
    {"create": "users", "validator": {"$jsonSchema": {"required": ["email"]}}},
    {"createIndexes": "users", "indexes": [{"key": {"email": 1}, "name": "email_1", "unique": true}]}
  ],
  "down": [{"drop": "users"}]
})");
  Migration("002_active.json", R"({
  "up": [{"create": "active_users", "viewOn": "users", "pipeline": [{"$match": {"active": true}}]}],
  "down": [{"drop": "active_users"}]
})");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  Outcome dump = strata_({"dump"});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  json doc = json::parse(dump.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << dump.out;
  EXPECT_EQ(doc["strata_dump"]["version"], "002");
  std::set<std::string> objects;
  for (const json& o : doc["objects"]) objects.insert(o["kind"].get<std::string>() + " " + o["name"].get<std::string>());
  EXPECT_EQ(objects, (std::set<std::string>{"collection users", "index users.email_1", "view active_users"})) << dump.out;

  // Loaded into another database, it dumps the same.
  dir_.Write("schema.json", dump.out);
  std::string other = url_;
  other.insert(other.find('/', other.find("://") + 3) + 1, "copy_");
  ASSERT_EQ(strata_({"--url", other, "load", "schema.json"}).exit_code, 0);
  EXPECT_EQ(strata_({"--url", other, "dump"}).out, dump.out);
  EXPECT_EQ(Json({"--url", other, "status"})["current_version"], "002");

  // A down that forgets the index it made.
  Migration("003_name_index.json", R"({
  "up": [{"createIndexes": "users", "indexes": [{"key": {"name": 1}, "name": "name_1"}]}],
  "down": [{"count": "users"}]
})");
  json tested = Json({"test"}, 1);
  ASSERT_EQ(tested["migrations"].size(), 3u) << tested;
  EXPECT_EQ(tested["migrations"][0]["outcome"], "restored") << tested;
  EXPECT_EQ(tested["migrations"][2]["outcome"], "not_restored") << tested;
  EXPECT_EQ(tested["migrations"][2]["differences"][0]["name"], "users.name_1") << tested;

  EXPECT_TRUE(Json({"drift"})["same"]);
  ASSERT_EQ(strata_({"run", "003"}).exit_code, 0);
  Migration("003_name_index.json", R"({
  "up": [{"createIndexes": "users", "indexes": [{"key": {"name": -1}, "name": "name_1"}]}],
  "down": [{"dropIndexes": "users", "index": "name_1"}]
})");
  json drift = Json({"drift"}, 1);
  ASSERT_EQ(drift["differences"].size(), 1u) << drift;
  EXPECT_EQ(drift["differences"][0]["change"], "changed") << drift;
}

TEST_F(MongodbCliTest, SquashWritesAJsonBaselineThatBuildsTheSameSchema) {
  Migration("001_users.json", R"({"up": [{"create": "users"}], "down": [{"drop": "users"}]})");
  Migration("002_email.json", R"({
  "up": [{"createIndexes": "users", "indexes": [{"key": {"email": 1}, "name": "email_1", "unique": true}]}],
  "down": [{"dropIndexes": "users", "index": "email_1"}]
})");
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  const std::string original = strata_({"dump"}).out;
  json squashed = Json({"squash", "--to", "002", "--archive", "archive"});
  EXPECT_EQ(squashed["file"], "db/migrations/002_squashed_baseline.json") << squashed;
  EXPECT_TRUE(Json({"validate"})["ok"]);
  std::string fresh = url_;
  fresh.insert(fresh.find('/', fresh.find("://") + 3) + 1, "fresh_");
  EXPECT_EQ(Json({"--url", fresh, "up"})["summary"]["applied"], 1);
  EXPECT_EQ(strata_({"--url", fresh, "dump"}).out, original);
}

}  // namespace
}  // namespace strata
