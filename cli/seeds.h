// Seeds: data that is not schema (reference rows, demo accounts), kept apart from the migrations and
// applied by `strata seed` (cli/cmd_seed.cc), never by `up`.
//
// A seeds directory (Default: db/seeds) holds the files every environment gets, directly in it, and one
// sub-folder per environment (db/seeds/development/, db/seeds/production/, ...) whose files only that
// environment gets. The files are migrations in every respect (names, formats, checksums, placeholders)
// but two:
//  1. their history is a table of its own beside the migrations' (SeedsTable), so `up`, `status` and
//     `down` never see them;
//  2. their down part is never run: seeds are not reverted. `seed --force` applies a changed seed
//     again over its record instead (UpOptions::rerun_modified).
#pragma once

#include <map>
#include <string>

#include "strata/migration.h"
#include "strata/status.h"

namespace strata::cli {

struct SeedSet {
  std::string directory;              // the seeds directory, as configured
  std::string environment;            // "" when no environment was given
  std::string environment_directory;  // directory/environment; "" when no environment was given
  MigrationSet set;                   // shared and environment files, merged in version order
  // Versions (Version::number) of the files in other environments' folders -> that folder: their
  // records in the history are another environment's, not missing files.
  std::map<std::string, std::string> elsewhere;
};

// The seeds' history table beside the migrations' `history_table`: strata_migrations_seeds.
std::string SeedsTable(const std::string& history_table);

// Reads the seeds of `environment` ("" for the shared ones only) from `directory`. Fails, applying
// nothing, on a missing `directory` (kInvalidArgument, saying how to configure it), an environment that
// is not a plain folder name (kInvalidArgument), an unreadable or unparsable file, or two files with one
// version (kInvalidMigration, naming both). A missing environment folder is no error: that environment
// has only the shared seeds.
Result<SeedSet> LoadSeeds(const std::string& directory, const std::string& environment);

}  // namespace strata::cli
