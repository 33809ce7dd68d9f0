// MongoDB's schema, read with listCollections and listIndexes on the connection's database: each object
// is the one command that creates it again, as relaxed Extended JSON on one line, its name first and its
// options in a fixed order (their values as the server keeps them: an index's key order matters):
//   collection  {"create": "users", "capped": ..., "size": ..., "max": ..., "validator": {...},
//                "validationLevel": ..., "validationAction": ..., "collation": {...}}
//   index       {"createIndexes": "users", "indexes": [{"key": {...}, "name": ..., "unique": ..., "sparse": ...,
//                "partialFilterExpression": {...}, "expireAfterSeconds": ..., "collation": {...},
//                "hidden": ...}]}, one object per index, named "users.email_1"; the _id index is the
//                collection's own
//   view        {"create": "active", "viewOn": "users", "pipeline": [...], "collation": {...}}
// Order: collections, then their indexes, then views, each view after the views it reads (viewOn, $lookup,
// $graphLookup, $unionWith); ties by name. A migration (and `strata load`) runs the definitions as one
// JSON array of commands: "[" + definitions joined with "," + "]".
//
// Left out: system.* collections and strata's own (<history>, its _events, _meta, _lock and _backups, and
// the backup copies strata_backup_*). Anything else the reader cannot write back is kUnsupported, naming
// it: another type of collection (timeseries), a collection or index option not listed above (text and
// geo indexes among them), or a server field the reader does not know.
//
// Scratch databases are new databases on the same server (strata_scratch_<pid>_<counter>_<random>), reached
// with the connection's own URL and credentials; MongoDB creates one with its first write, and
// DropScratch removes it with dropDatabase.
#pragma once

#include <string>

#include "strata/schema.h"

namespace strata {

class MongodbConnection;

class MongodbSchema final : public SchemaReader, public ScratchDatabases {
 public:
  // REQUIRES: `connection` outlives this.
  MongodbSchema(MongodbConnection& connection, std::string history) : c_(connection), history_(std::move(history)) {}

  Result<Schema> ReadSchema() override;
  Result<std::string> CreateScratch() override;
  // Refuses a URL that CreateScratch would not make for this server, so no user database is dropped by
  // mistake.
  Status DropScratch(const std::string& url) override;

 private:
  // The connection's URL naming the database `name` instead (and, when the URL authenticated against its
  // own database, still there).
  Result<std::string> UrlOf(const std::string& name) const;

  MongodbConnection& c_;
  std::string history_;
};

}  // namespace strata
