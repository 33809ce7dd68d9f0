// Schema: what a database holds besides its rows, as the statements that create it again.
//
// A driver reads its catalog into a Schema (SchemaReader); everything else — the dump file, comparing
// two schemas, the reversibility test, drift and squash — works on Schemas alone (src/schema/), the same
// for every database.
#pragma once
#include <string>
#include <vector>

#include "strata/status.h"

namespace strata {

// One object: a table, an index, a view, a trigger, a function, a collection...
struct SchemaObject {
  // What it is, in the database's words, lower case: "table", "index", "view", "materialized view",
  // "trigger", "function", "sequence", "type", "collection"... The (kind, name) pair is its identity.
  std::string kind;
  // Qualified where the database has schemas ("public.users"); an index or trigger is named alone.
  std::string name;
  // What creates it again, in a canonical form (the same object always reads the same): SQL
  // statements each ending in ";" and a newline, or one JSON command a line (MongoDB).
  std::string definition;
  // The definition without what in it is data rather than schema, where the database keeps such a part
  // in the object's own catalog entry and changes it without any DDL: a DuckDB sequence's START, which
  // DuckDB overwrites with the sequence's next value when the file is closed. Comparing two schemas
  // (drift, diff, test) and the schema's fingerprint see this instead of the definition; a dump writes the
  // definition. Empty: the definition holds no such part.
  std::string compared{};

  // What comparing two schemas sees of the object: `compared`, or else `definition`.
  const std::string& ComparedDefinition() const { return compared.empty() ? definition : compared; }

  bool operator==(const SchemaObject&) const = default;
};

// Every object, in an order that loads into an empty database: what an object needs comes before it.
struct Schema {
  std::vector<SchemaObject> objects;
};

// Reads the schema; a read-only role of the connections whose database has one.
class SchemaReader {
 public:
  virtual ~SchemaReader() = default;
  // Every object of the schema(s) the connection is pointed at, strata's own tables (history, events,
  // lock, backups) left out. An object of a kind the driver cannot write back is kUnsupported, naming
  // it: a dump never silently lacks something.
  virtual Result<Schema> ReadSchema() = 0;
  // A short value, far cheaper to get than the schema, that changes whenever what ReadSchema returns
  // may have changed (it may change for less, never stay for more); "" where the driver has none. A
  // hint only: an equal stamp spares reading the schema again, a different one means read and compare.
  virtual Result<std::string> Stamp() { return std::string(); }
};

// Throwaway databases beside the connection's own, for replaying migrations (`strata test`, `drift`,
// `squash`): a temporary file, a database on the same server, a temporary MongoDB database.
class ScratchDatabases {
 public:
  virtual ~ScratchDatabases() = default;
  // A new empty database: the URL that connects to it (with the connection's credentials).
  virtual Result<std::string> CreateScratch() = 0;
  // Removes a database CreateScratch made. Called also after failures.
  virtual Status DropScratch(const std::string& url) = 0;
  // `schema`, read from the scratch database at `url`, named as it would be in the connection's own
  // database, so the two compare object by object. Only a scratch that is a schema beside the
  // connection's (whose names it qualifies objects with) needs more than giving it back.
  virtual Result<Schema> AsOrigin(Schema schema, const std::string& url) {
    (void)url;
    return schema;
  }
};

}  // namespace strata
