// MongoDB from C++ code migrations: the database handle, commands, and strata's helpers.
//
// Inside a code migration, `db` is the run's session. On a replica set or sharded cluster with the
// migration in a transaction, RunCommand and the helpers take part in it; for libmongoc calls of your
// own, append Session() to their options (mongoc_client_session_append). When `db` is not a MongoDB
// session, Handle and Session return nullptr and the other functions kInvalidArgument. In the MongoDB driver's library:
// link strata::mongodb (or strata::strata); built with STRATA_WITH_MONGODB, on by default.
//
// Example:
//   strata::CodeMigration m{"20250101000000", "split_names", "...", "v1",
//       [](strata::Database& db) {
//         auto counts = strata::mongodb::RenameField(db, "users", "phone", "phoneNumber");
//         return counts.ok() ? strata::Status::Ok() : counts.status();
//       }};
#pragma once

#include <cstdint>
#include <string>

#include "strata/code_migration.h"
#include "strata/status.h"

struct _mongoc_database_t;
struct _mongoc_client_session_t;

namespace strata::mongodb {

// What a helper did: documents it matched, and documents (or indexes) it changed.
struct Counts {
  int64_t matched = 0;
  int64_t changed = 0;
};

// libmongoc's handle of the migration's database; valid for the migration's duration.
_mongoc_database_t* Handle(Database& db);
// The transaction's session, or nullptr when the migration runs outside a transaction.
_mongoc_client_session_t* Session(Database& db);

// Runs one command given as Extended JSON (`{"update": "users", "updates": [...]}`) and returns the
// server's reply as relaxed Extended JSON. A failure, write errors included, quotes the server's code.
Result<std::string> RunCommand(Database& db, const std::string& command);

// Runs one helper exactly as in a migration file: `{"strata.renameField": {"collection": ..., ...}}`.
// The helpers and their arguments are listed in docs/migration-files.md ("Helpers").
Result<Counts> RunHelper(Database& db, const std::string& helper);

// The helpers most used from code, with their arguments; values are Extended JSON
// (`"true"`, `"{\"$date\": \"2024-01-01T00:00:00Z\"}"`).
Result<Counts> AddField(Database& db, const std::string& collection, const std::string& field,
                        const std::string& value_json);
Result<Counts> RemoveField(Database& db, const std::string& collection, const std::string& field);
Result<Counts> RenameField(Database& db, const std::string& collection, const std::string& from,
                           const std::string& to);
Result<Counts> CopyField(Database& db, const std::string& collection, const std::string& from,
                         const std::string& to);

}  // namespace strata::mongodb
