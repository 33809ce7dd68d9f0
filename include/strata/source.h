// Reading migrations from a directory or from memory.
//
// A migration's version is the leading digits of its file name, the rest (after the '_', '-' or '.'
// that follow the digits) its name. Formats: strata's own (`-- strata:up` / `-- strata:down` in one .sql file), dbmate's
// (`-- migrate:up` / `-- migrate:down`), golang-migrate's pairs (`V_name.up.sql` / `V_name.down.sql`),
// and MongoDB's `.json` files of commands ({"up": [...], "down": [...]}).
// A marker may carry `transaction:false`. Files that are not .sql or .json, or whose name does not start
// with a digit, are ignored (README.md, .gitkeep, ...).
//
// Loading is all-or-nothing: any unreadable, non-UTF-8 or unparsable file, or two files with one
// version, fails the whole load, naming the file(s) and line, so that nothing is ever applied from a
// directory strata does not fully understand.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "strata/migration.h"
#include "strata/status.h"

namespace strata {

// Reads every migration in `directory`. A missing directory is kInvalidArgument.
Result<MigrationSet> LoadMigrations(const std::string& directory);

// A migration file held in memory: its name (no directories) and its bytes.
struct MigrationFile {
  std::string name;
  std::string content;
};

// Reads migrations from memory (e.g. embedded with strata_embed_migrations) exactly as from a
// directory: same formats, errors and checksums. Messages name files as `origin`/name.
Result<MigrationSet> LoadMigrations(const std::vector<MigrationFile>& files,
                                    const std::string& origin = "(embedded)");

// Parses one migration from a file's name and content (strata or dbmate format). `path` is used in
// messages and may be a name only.
Result<Migration> ParseMigrationFile(const std::string& path, std::string_view content);

// SHA-256 of `text` with line endings normalised (CRLF and CR become LF), as "sha256:<hex>".
std::string Checksum(std::string_view text);

// How a placeholder's value is written into the text: SQL pastes it as written (as Flyway does);
// JSON (MongoDB's .json migrations) never lets it change the document's structure. Inside a JSON string
// the value becomes string content, escaped as JSON requires, whatever it holds; where a whole JSON
// value goes (`"limit": ${N}`) it must itself be one JSON scalar (a number, true, false, null or a
// "string"), else the fill fails.
enum class PlaceholderSyntax { kSql, kJson };

// Fills `${NAME}` from `variables`; `$${` writes a literal `${`. An unset name, or (JSON) a value that
// is not one JSON scalar where a value goes, is kInvalidArgument naming the file, line and placeholder
// (never the value: it may be a secret).
Result<std::string> FillPlaceholders(const Section& section, const std::map<std::string, std::string>& variables,
                                     PlaceholderSyntax syntax = PlaceholderSyntax::kSql);

// Creates `<version>_<name>.sql` in `directory` (made if missing) from strata's template and returns
// its path; `.json` from MongoDB's template with kMongoJson. The version is the current UTC time
// (YYYYMMDDHHMMSS), or with `sequential` the next zero-padded number; either way after every version
// already in the directory.
Result<std::string> CreateMigrationFile(const std::string& directory, const std::string& name, bool sequential,
                                        MigrationFormat format = MigrationFormat::kStrata);

}  // namespace strata
