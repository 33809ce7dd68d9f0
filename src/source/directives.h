// Header directives: what a migration file says about itself, in comment lines before its statements.
//
//   -- strata:requires 20261101090000, 20261102100000   versions applied before this one (repeatable)
//   -- strata:category data                             schema | data | index | constraint | seed
//   -- strata:description Backfills the new column      free text (repeatable: the lines are joined)
//   -- strata:backup                                    back up what the migration touches first
//   -- strata:baseline                                  a squashed baseline (`strata squash`)
//   -- strata:batch size=10000 sleep=50ms key=id        run in committed batches (BatchSpec); also
//                                                       max-lag=5s, max-threads-running=N
//
// They stand in the file's header: in strata and dbmate files before the first marker or among the
// comments that open the up section, in a golang-migrate pair among the comments at the top of the up
// file. Anywhere else they are an error, never ignored: a requirement that nobody reads is worse than
// none. MongoDB's .json files say the same with the members "requires", "category" and "description"
// (json_migration.cc), checked by the same functions.
#pragma once

#include <string>
#include <string_view>

#include "strata/migration.h"
#include "strata/status.h"

namespace strata {

// Whether `-- strata:<directive>` is one of the directives above.
bool IsHeaderDirective(std::string_view directive);

// The directives, as a message lists them: "'-- strata:requires', ...".
std::string HeaderDirectiveNames();

// Applies `-- strata:<directive> <argument>`, read at `path`:`line`, to `m`. REQUIRES: `m.version` is
// set and IsHeaderDirective(directive). Errors (kInvalidMigration, with the file and line): a malformed
// or own version in `requires`, an unknown or repeated `batch` parameter or a bad value, an unknown category (listing the allowed ones) or a second one, a
// directive without the argument it needs or with one it does not take.
Status ApplyHeaderDirective(const std::string& path, int line, std::string_view directive, std::string_view argument,
                            Migration& m);

// The directives of a golang-migrate up file: its leading comment lines. An unknown `-- strata:` line
// there, or a directive after the first statement, is an error naming its line.
Status ReadHeaderDirectives(const std::string& path, std::string_view text, Migration& m);

// The parts of ApplyHeaderDirective that MongoDB's members share: a list of versions separated by
// commas or spaces, and a category.
Status AddRequirements(const std::string& path, int line, std::string_view list, Migration& m);
Status SetCategory(const std::string& path, int line, std::string_view category, Migration& m);

}  // namespace strata
