// MongoDB's schema reader and scratch databases, against the wire-protocol fake (and a real server when
// STRATA_TEST_MONGODB_URL is set): collections with their options and validators, indexes with theirs,
// views in the order they read each other, the round trip through an empty database, strata's own
// collections left out, and what cannot be written back refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "strata/code_migration.h"
#include "strata/driver.h"
#include "strata/engine.h"
#include "strata/mongodb.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/temp_dir.h"
#include "support/schemas.h"

namespace strata {
namespace {

using testing::Backend;
using testing::TempDir;

// Every kind; the views' names put each before the view it reads.
constexpr const char* kEveryMongoKind = R"([
  {"create": "users", "validator": {"$jsonSchema": {"bsonType": "object", "required": ["email"]}},
   "validationLevel": "moderate", "validationAction": "warn", "collation": {"locale": "en", "strength": 2}},
  {"create": "audit", "capped": true, "size": 65536, "max": 1000},
  {"create": "orders"},
  {"createIndexes": "users", "indexes": [{"key": {"email": 1}, "name": "email_unique", "unique": true,
                                          "collation": {"locale": "en", "strength": 2}}]},
  {"createIndexes": "orders", "indexes": [
    {"key": {"customer": 1, "at": -1}, "name": "open_by_customer", "sparse": true,
     "partialFilterExpression": {"status": "open"}},
    {"key": {"at": 1}, "name": "expiry", "expireAfterSeconds": 3600}]},
  {"create": "z_open", "viewOn": "orders", "pipeline": [{"$match": {"status": "open"}}]},
  {"create": "a_top", "viewOn": "z_open", "pipeline": [{"$sort": {"total": -1, "at": 1}}, {"$limit": 10}]},
  {"create": "b_joined", "viewOn": "users",
   "pipeline": [{"$lookup": {"from": "a_top", "localField": "_id", "foreignField": "customer", "as": "top"}}]}
])";

class MongodbSchemaTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
  }
  bool fake() const { return GetParam().name == "mongodb_fake"; }
  std::unique_ptr<Connection> Open(const std::string& url) { return testing::OpenConnection(url); }
  static void Run(Connection& connection, const std::string& commands) {
    Status s = connection.Execute({commands, "", 1});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  static Schema Read(Connection& connection) { return testing::ReadSchemaOrFail(connection); }
  static const SchemaObject* Find(const Schema& schema, const std::string& kind, const std::string& name) {
    return testing::FindObject(schema, kind, name);
  }
  // The definitions as Execute takes them (and a JSON dump's load runs them): one array of commands.
  static std::string AsCommands(const Schema& schema) {
    std::string text = "[";
    for (size_t i = 0; i < schema.objects.size(); ++i) {
      std::string command = schema.objects[i].definition;
      EXPECT_EQ(command.back(), '\n');
      EXPECT_EQ(std::count(command.begin(), command.end(), '\n'), 1) << command;
      command.pop_back();
      text += (i ? ",\n" : "\n") + command;
    }
    return text + "\n]";
  }

  TempDir dir_;
  std::string url_;
};

TEST_P(MongodbSchemaTest, ReadsCollectionsIndexesAndViewsAsCreateCommands) {
  auto connection = Open(url_);
  ASSERT_NE(connection, nullptr);
  Run(*connection, kEveryMongoKind);
  Run(*connection, R"([{"insert": "orders", "documents": [{"_id": 1, "customer": 7, "status": "open"}]}])");
  Schema schema = Read(*connection);

  std::vector<std::pair<std::string, std::string>> read;
  for (const SchemaObject& o : schema.objects) read.emplace_back(o.kind, o.name);
  const std::vector<std::pair<std::string, std::string>> expected = {{"collection", "audit"},
                                                                     {"collection", "orders"},
                                                                     {"collection", "users"},
                                                                     {"index", "orders.expiry"},
                                                                     {"index", "orders.open_by_customer"},
                                                                     {"index", "users.email_unique"},
                                                                     {"view", "z_open"},
                                                                     {"view", "a_top"},
                                                                     {"view", "b_joined"}};
  EXPECT_EQ(read, expected);

  auto definition = [&](const std::string& kind, const std::string& name) {
    const SchemaObject* o = Find(schema, kind, name);
    return o ? o->definition : "(not read)";
  };
  EXPECT_EQ(definition("collection", "orders"), "{\"create\":\"orders\"}\n");
  EXPECT_EQ(
      definition("index", "orders.open_by_customer"),
      "{\"createIndexes\":\"orders\",\"indexes\":[{\"key\":{\"customer\":1,\"at\":-1},\"name\":\"open_by_customer\","
      "\"sparse\":true,\"partialFilterExpression\":{\"status\":\"open\"}}]}\n");
  EXPECT_EQ(definition("index", "orders.expiry"),
            "{\"createIndexes\":\"orders\",\"indexes\":[{\"key\":{\"at\":1},\"name\":\"expiry\",\"expireAfterSeconds\":"
            "3600}]}\n");
  EXPECT_EQ(definition("view", "a_top"),
            "{\"create\":\"a_top\",\"viewOn\":\"z_open\",\"pipeline\":[{\"$sort\":{\"total\":-1,\"at\":1}},{\"$limit\":"
            "10}]}\n");
  EXPECT_EQ(
      definition("view", "b_joined"),
      "{\"create\":\"b_joined\",\"viewOn\":\"users\",\"pipeline\":[{\"$lookup\":{\"from\":\"a_top\",\"localField\":"
      "\"_id\",\"foreignField\":\"customer\",\"as\":\"top\"}}]}\n");
  if (fake()) {
    // A real server fills in the collation's defaults and rounds a capped size: checked above by shape only.
    EXPECT_EQ(
        definition("collection", "users"),
        "{\"create\":\"users\",\"validator\":{\"$jsonSchema\":{\"bsonType\":\"object\",\"required\":[\"email\"]}},"
        "\"validationLevel\":\"moderate\",\"validationAction\":\"warn\",\"collation\":{\"locale\":\"en\",\"strength\":"
        "2}}\n");
    EXPECT_EQ(definition("collection", "audit"),
              "{\"create\":\"audit\",\"capped\":true,\"size\":65536,\"max\":1000}\n");
    EXPECT_EQ(
        definition("index", "users.email_unique"),
        "{\"createIndexes\":\"users\",\"indexes\":[{\"key\":{\"email\":1},\"name\":\"email_unique\",\"unique\":true,"
        "\"collation\":{\"locale\":\"en\",\"strength\":2}}]}\n");
  } else {
    EXPECT_NE(definition("collection", "users").find("\"validationAction\":\"warn\",\"collation\":{\"locale\":\"en\""),
              std::string::npos);
    EXPECT_NE(definition("collection", "audit").find("{\"create\":\"audit\",\"capped\":true,\"size\":"),
              std::string::npos);
  }
}

TEST_P(MongodbSchemaTest, DefinitionsReplayedIntoAnEmptyDatabaseReadTheSame) {
  auto connection = Open(url_);
  ASSERT_NE(connection, nullptr);
  Run(*connection, kEveryMongoKind);
  Run(*connection, R"([{"collMod": "users", "validationAction": "error"}])");
  Schema first = Read(*connection);
  ASSERT_EQ(first.objects.size(), 9u);
  EXPECT_NE(Find(first, "collection", "users")->definition.find("\"validationAction\":\"error\""), std::string::npos);

  auto scratch_url = connection->scratch()->CreateScratch();
  ASSERT_TRUE(scratch_url.ok()) << scratch_url.status().ToString();
  Schema second;
  {
    auto scratch = Open(*scratch_url);
    ASSERT_NE(scratch, nullptr);
    Run(*scratch, AsCommands(first));
    second = Read(*scratch);
  }
  EXPECT_TRUE(connection->scratch()->DropScratch(*scratch_url).ok());
  ASSERT_EQ(second.objects.size(), first.objects.size());
  for (size_t i = 0; i < first.objects.size(); ++i) {
    EXPECT_EQ(second.objects[i], first.objects[i]) << first.objects[i].definition << "read back as\n"
                                                   << second.objects[i].definition;
  }
  EXPECT_TRUE(Read(*connection).objects == first.objects);
}

TEST_P(MongodbSchemaTest, StrataOwnCollectionsAndBackupsAreLeftOut) {
  dir_.Write("m/1_items.json", R"({"up": [{"create": "keep"}, {"insert": "items", "documents": [{"_id": 1}]}]})");
  dir_.Write("m/2_drop.json", R"({"up": [{"drop": "items"}]})");
  {
    EngineOptions options;
    options.actor = "tester";
    options.backups = true;
    auto engine = Engine::Open(url_, options);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    auto set = LoadMigrations((dir_.path() / "m").string());
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    auto report = (*engine)->Up(*set, {});
    ASSERT_TRUE(report.ok() && report->status.ok());
    auto backups = (*engine)->ListBackups();
    ASSERT_TRUE(backups.ok());
    ASSERT_EQ(backups->size(), 1u);  // strata_backup_2_items holds the dropped collection
  }
  auto connection = Open(url_);
  ASSERT_NE(connection, nullptr);
  Database db(*connection);
  auto listed = mongodb::RunCommand(db, R"({"listCollections": 1, "nameOnly": true})");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  std::set<std::string> names;
  const nlohmann::json reply = nlohmann::json::parse(*listed);
  for (const auto& entry : reply["cursor"]["firstBatch"]) names.insert(entry["name"].get<std::string>());
  for (const char* own : {"strata_migrations", "strata_migrations_events", "strata_migrations_meta",
                          "strata_migrations_backups", "strata_backup_2_items"}) {
    EXPECT_TRUE(names.count(own)) << own << " should exist, for leaving it out to mean something";
  }
  Schema schema = Read(*connection);
  ASSERT_EQ(schema.objects.size(), 1u);
  EXPECT_EQ(schema.objects[0], (SchemaObject{"collection", "keep", "{\"create\":\"keep\"}\n"}));
}

TEST_P(MongodbSchemaTest, ATimeseriesCollectionIsUnsupported) {
  auto connection = Open(url_);
  ASSERT_NE(connection, nullptr);
  Run(*connection, R"([{"create": "fine"}, {"create": "metrics", "timeseries": {"timeField": "at"}}])");
  auto schema = connection->schema()->ReadSchema();
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(schema.status().message().find("'metrics' has the type \"timeseries\""), std::string::npos)
      << schema.status().ToString();
}

TEST_P(MongodbSchemaTest, ScratchDatabasesAreNewDatabasesOnTheSameServer) {
  auto connection = Open(url_);
  ASSERT_NE(connection, nullptr);
  Run(*connection, R"([{"create": "mine"}])");
  ScratchDatabases* scratch = connection->scratch();
  ASSERT_NE(scratch, nullptr);
  auto first = scratch->CreateScratch();
  auto second = scratch->CreateScratch();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(*first, *second);
  EXPECT_NE(first->find("/strata_scratch_"), std::string::npos) << *first;
  {
    auto opened = Open(*first);
    ASSERT_NE(opened, nullptr);
    EXPECT_TRUE(Read(*opened).objects.empty());
    Run(*opened, R"([{"create": "replayed"}])");
    EXPECT_EQ(Read(*opened).objects.size(), 1u);
  }
  EXPECT_TRUE(scratch->DropScratch(*first).ok());
  EXPECT_TRUE(scratch->DropScratch(*second).ok());  // never written to: nothing to drop, and fine
  {
    auto reopened = Open(*first);
    ASSERT_NE(reopened, nullptr);
    EXPECT_TRUE(Read(*reopened).objects.empty()) << "dropped";
  }
  // A database it did not make is never dropped.
  EXPECT_EQ(scratch->DropScratch(url_).code(), StatusCode::kRefused);
  EXPECT_EQ(Read(*connection).objects.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Mongo, MongodbSchemaTest, ::testing::ValuesIn(testing::MongoBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(MongodbSchemaTest);

}  // namespace
}  // namespace strata
