// The dump file: a schema written out to be reviewed in pull requests and loaded into empty databases.
//
// SQL databases get a script, MongoDB a JSON document; both open with the database kind and the version
// the schema stands at, and hold each object under its kind and name, in load order:
//
//   -- strata:dump version=20261107090000 database=sqlite objects=9
//   -- The schema `strata dump` read; `strata load` creates it in an empty database.
//
//   -- table users
//   CREATE TABLE users (...);
//
// The same schema always writes the same bytes: no date, no server version, nothing that varies.
#pragma once
#include <optional>
#include <string>

#include "strata/driver.h"
#include "strata/schema.h"

namespace strata {

struct DumpHeader {
  std::string database;               // the dialect: "sqlite", "postgres", "mongodb"...
  std::optional<std::string> version;  // the newest applied migration; none on a database without one
};

// The file's text. `json_commands`: MongoDB's form (each definition is one JSON command).
std::string WriteDump(const DumpHeader& header, const Schema& schema, bool json_commands);

struct LoadedDump {
  DumpHeader header;
  // What creates the schema, ready for Session::Execute: the SQL script, or the JSON array of commands.
  Script script;
};

// Reads a dump `text` from `path`; kInvalidArgument, naming the file and line, for text that is not a
// strata dump (no header line) or a JSON dump that does not parse.
Result<LoadedDump> ReadDump(const std::string& path, const std::string& text);

}  // namespace strata
