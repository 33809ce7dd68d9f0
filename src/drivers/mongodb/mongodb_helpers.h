// strata's helpers for common document changes, usable as one command in a migration file
// ({"strata.renameField": {"collection": "users", "from": "phone", "to": "phoneNumber"}}) and from C++
// (strata/mongodb.h). Each is built from ordinary database commands, sent through `run`, so it works
// inside a migration's transaction like any command. Changes to many documents go in batches of
// `batchSize` documents (Default: 1000), selected by _id, so a large collection is never changed by one
// long-running command. Each reports how many documents it matched and changed.
//
//   strata.addField        {collection, field, value, filter?}     sets `field` where it is missing
//   strata.removeField     {collection, field, filter?}            unsets it
//   strata.renameField     {collection, from, to, filter?}         renames it where present
//   strata.copyField       {collection, from, to, filter?}         copies its value where present
//   strata.transform       {collection, pipeline, filter?}         an update pipeline ($set, $unset, ...)
//   strata.removeDuplicates {collection, key, keep?}               keeps the oldest per key (smallest _id, or
//                                                                  smallest `keep` field), deletes the rest
//   strata.createIndex     {collection, keys, name?, unique?, options?}
//   strata.dropIndex       {collection, name | keys}
//   strata.addUnique       {collection, keys, name?}               a unique index: the unique constraint
//   strata.dropUnique      {collection, name | keys}
//   strata.archive         {collection, to, field, before}         moves documents whose `field` < `before`
//   strata.updateReferences {collection, field, from, to}          replaces the id `from` by `to`, also
//                                                                  inside arrays
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "strata/status.h"

namespace strata::mongodb {

// Ordered: a command's name must stay its first key.
using Json = nlohmann::ordered_json;

// Runs one command on the migration's database and returns the reply as Extended JSON, canonical
// (every type kept) or relaxed (numbers as plain numbers). Write errors are failures.
using CommandRunner = std::function<Result<Json>(const Json& command, bool canonical)>;

struct HelperCounts {
  int64_t matched = 0;
  int64_t changed = 0;
};

// The helper `name` ("renameField", without "strata.") with its arguments. kInvalidArgument for an
// unknown helper or a missing argument, naming what to write.
Result<HelperCounts> RunHelper(const std::string& name, const Json& args, const CommandRunner& run);

// Every helper's name, for messages.
const std::vector<std::string>& HelperNames();

// The documents of a command's cursor reply, following it with getMore to the end.
Result<std::vector<Json>> CursorDocuments(Json reply, const std::string& collection, bool canonical,
                                          const CommandRunner& run);

}  // namespace strata::mongodb
