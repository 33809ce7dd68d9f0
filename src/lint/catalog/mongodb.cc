// Rules: MongoDB commands in JSON migrations.
#include "lint/catalog/catalog.h"

namespace strata::lint {
namespace {

// A MongoDB migration's text with `up` as given and a harmless down.
std::string Up(const char* commands) { return std::string(R"({"up": )") + commands + R"(, "down": []})"; }

}  // namespace

std::vector<RuleInfo> MongodbRules() {
  static const std::string examples[][2] = {
      {Up(R"([{"drop": "sessions"}])"), Up(R"([{"create": "sessions_v2"}])")},
      {Up(R"([{"dropDatabase": 1}])"), Up(R"([{"create": "archive"}])")},
      {Up(R"([{"update": "users", "updates": [{"q": {}, "u": {"$unset": {"legacy_id": ""}}, "multi": true}]}])"),
       Up(R"([{"update": "users", "updates": [{"q": {"legacy_id": {"$exists": true}, "migrated": true}, "u": {"$unset": {"legacy_id": ""}}, "multi": true}]}])")},
      {Up(R"([{"update": "users", "updates": [{"q": {}, "u": {"$rename": {"name": "fullName"}}, "multi": true}]}])"),
       Up(R"([{"update": "users", "updates": [{"q": {"fullName": {"$exists": false}}, "u": {"$set": {"fullName": ""}}, "multi": true}]}])")},
      {Up(R"([{"renameCollection": "app.users_new", "to": "app.users", "dropTarget": true}])"),
       Up(R"([{"renameCollection": "app.users_new", "to": "app.users_v2"}])")},
      {Up(R"([{"delete": "events", "deletes": [{"q": {}, "limit": 0}]}])"),
       Up(R"([{"delete": "events", "deletes": [{"q": {"createdAt": {"$lt": {"$date": "2020-01-01T00:00:00Z"}}}, "limit": 0}]}])")},
      {Up(R"([{"aggregate": "orders", "pipeline": [{"$group": {"_id": "$day", "n": {"$sum": 1}}}, {"$out": "daily"}], "cursor": {}}])"),
       Up(R"([{"create": "daily_v2"}, {"aggregate": "orders", "pipeline": [{"$group": {"_id": "$day", "n": {"$sum": 1}}}, {"$out": "daily_v2"}], "cursor": {}}])")},
      {Up(R"([{"convertToCapped": "logs", "size": 1048576}])"), Up(R"([{"create": "logs_v2", "capped": true, "size": 1048576}])")},
      {Up(R"([{"dropIndexes": "users", "index": "email_1"}])"),
       Up(R"([{"create": "audit"}, {"createIndexes": "audit", "indexes": [{"key": {"at": 1}, "name": "at_1"}]}, {"dropIndexes": "audit", "index": "at_1"}])")},
      {Up(R"([{"createIndexes": "orders", "indexes": [{"key": {"customerId": 1}, "name": "customerId_1"}]}])"),
       Up(R"([{"create": "refunds"}, {"createIndexes": "refunds", "indexes": [{"key": {"orderId": 1}, "name": "orderId_1"}]}])")},
      {Up(R"([{"createIndexes": "users", "indexes": [{"key": {"email": 1}, "name": "email_1", "unique": true}]}])"),
       Up(R"([{"create": "accounts"}, {"createIndexes": "accounts", "indexes": [{"key": {"email": 1}, "name": "email_1", "unique": true}]}])")},
      {Up(R"([{"collMod": "users", "validator": {"$jsonSchema": {"required": ["email"]}}}])"),
       Up(R"([{"collMod": "users", "validator": {"$jsonSchema": {"required": ["email"]}}, "validationLevel": "moderate"}])")},
      {Up(R"([{"compact": "events"}])"), Up(R"([{"create": "events_v2"}])")},
      {Up(R"([{"update": "users", "updates": [{"q": {}, "u": {"$set": {"plan": "free"}}, "multi": true}]}])"),
       Up(R"([{"update": "users", "updates": [{"q": {"plan": {"$exists": false}}, "u": {"$set": {"plan": "free"}}, "multi": true}]}])")},
  };
  auto ex = [](int i) { return std::vector<RuleExample>{{kMongo, examples[i][0].c_str(), examples[i][1].c_str()}}; };
  return {
      {"mongodb-drop", Hazard::kDataLoss, Severity::kError, "drop of a collection",
       "Every document of the collection is deleted, with its indexes; nothing brings them back but a backup "
       "(strata takes one before it runs, unless turned off).",
       "Rename it aside (`renameCollection` to `name_retired`) and drop it in a later release.", ex(0)},
      {"mongodb-drop-database", Hazard::kDataLoss, Severity::kError, "dropDatabase",
       "Every collection of the database is deleted.", "Not a migration's to do: by hand, after a backup.", ex(1)},
      {"mongodb-unset-all", Hazard::kDataLoss, Severity::kError, "$unset over every document",
       "An update with an empty filter removes the field from every document of the collection.",
       "Filter to the documents that are done with it, and keep a copy of the values first.", ex(2)},
      {"mongodb-rename-field-all", Hazard::kDataLoss, Severity::kWarning, "$rename over every document",
       "Every document's field moves at once: the running release, which reads the old name, stops seeing it; "
       "where the new name already holds a value, that value is overwritten.",
       "Write both names for a release, copy in batches, then remove the old one.", ex(3)},
      {"mongodb-rename-collection-drop-target", Hazard::kDataLoss, Severity::kError,
       "renameCollection with dropTarget",
       "The collection already at the target name is dropped, with every document in it.",
       "Rename the target aside first, or rename to a new name.", ex(4)},
      {"mongodb-delete-all", Hazard::kDataLoss, Severity::kError, "delete with an empty filter",
       "Every document of the collection is deleted.", "Filter to the documents that must go.", ex(5)},
      {"mongodb-aggregate-out", Hazard::kDataLoss, Severity::kWarning, "$out or $merge into an existing collection",
       "$out replaces the whole target collection with the pipeline's result; $merge overwrites matching documents.",
       "Write to a new collection and switch readers to it.", ex(6)},
      {"mongodb-convert-to-capped", Hazard::kDataLoss, Severity::kError, "convertToCapped",
       "The collection is rewritten under an exclusive lock, its indexes (other than _id) are dropped, and "
       "documents beyond the cap's size are lost.",
       "Create a new capped collection and copy what must be kept.", ex(7)},
      {"mongodb-drop-indexes", Hazard::kBreaking, Severity::kWarning, "dropIndexes",
       "Queries that used the index scan the collection instead; a unique index no longer keeps duplicates out.",
       "Hide the index first (`collMod` with `hidden: true`), watch, then drop it.", ex(8)},
      {"mongodb-create-index", Hazard::kLock, Severity::kWarning, "createIndexes on an existing collection",
       "The build reads every document; MongoDB before 4.2 blocks the database for a foreground build, later "
       "versions lock the collection exclusively at the start and the end and slow writes throughout.",
       "Build indexes on large collections outside peak hours, or with a rolling build on each replica.", ex(9)},
      {"mongodb-unique-index", Hazard::kTransaction, Severity::kWarning, "A unique index on an existing collection",
       "If two documents already share the key, the build fails after reading the whole collection.",
       "Check for duplicates first (an aggregate grouping on the key with a count above 1).", ex(10)},
      {"mongodb-validator-strict", Hazard::kBreaking, Severity::kWarning, "A validator with validationLevel strict",
       "From now on every update of an existing document that does not match the schema fails, including the "
       "running release's updates of old documents.",
       "`validationLevel: \"moderate\"` (only documents that already match are checked) until old documents are fixed.",
       ex(11)},
      {"mongodb-compact", Hazard::kLock, Severity::kWarning, "compact",
       "compact blocks operations on the collection's database (before 4.4) or uses heavy I/O; it belongs in "
       "maintenance, not a deploy.",
       "Run it from maintenance tooling on secondaries first.", ex(12)},
      {"mongodb-update-all", Hazard::kLock, Severity::kInfo, "An update of every document",
       "Every document of the collection is rewritten in one command: a long operation on a large collection, "
       "with replication lag behind it.",
       "Filter to the documents that need it, in batches.", ex(13)},
  };
}

}  // namespace strata::lint
