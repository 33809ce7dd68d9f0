// Reading migrations from a directory or from memory.
//
// A migration's version is the leading digits of its file name, the rest (after the '_', '-' or '.'
// that follow the digits) its name. Formats: strata's own (`-- strata:up` / `-- strata:down` in one .sql file), dbmate's
// (`-- migrate:up` / `-- migrate:down`), golang-migrate's pairs (`V_name.up.sql` / `V_name.down.sql`),
// goose's (`-- +goose Up` / `Down`), sql-migrate's (`-- +migrate Up` / `Down`), Flyway's plain SQL
// `V<version>__name.sql` with its undo file `U<version>__name.sql` as the down part (dotted versions:
// strata/version.h), and MongoDB's `.json` files of commands ({"up": [...], "down": [...]}). Flyway's
// repeatables (`R__name.sql`) are refused by name, and so is a directory mixing two tools' formats
// (strata's own goes with any): docs/coming-from-other-tools.md.
// A marker may carry `transaction:false`. Files that are not .sql or .json, or whose name does not start
// with a digit, are ignored (README.md, .gitkeep, ...).
//
// Loading is all-or-nothing: any unreadable, non-UTF-8 or unparsable file, or two files with one
// version, fails the whole load, naming the file(s) and line, so that nothing is ever applied from a
// directory strata does not fully understand.
//
// New files are made here too (`strata new`): CreateMigrationFile, blank or from a template.
#pragma once

#include <map>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/migration.h"
#include "strata/status.h"

namespace strata {

// Reads every migration in `directory`. A missing directory is kInvalidArgument.
Result<MigrationSet> LoadMigrations(const std::string& directory);

// How a migrations directory is read.
struct DirectoryOptions {
  // Also read its subfolders, at any depth (2026/11/<version>_x.sql); hidden ones (.git) are skipped and
  // symbolic links to folders are not followed. Versions stay unique across all folders: two files of
  // one version are an error naming both paths. A file's folder is no part of its migration: moving it
  // to another folder changes neither its version nor its checksum. Default: false, subfolders are
  // ignored (as by LoadMigrations(directory)).
  bool recursive = false;
  // For a command that only reports (status, validate, list): every fact of each migration but its
  // sections' text (Migration::text_read false), and a file unchanged since strata last read it (same
  // size, modification and change times, inode) is not even opened: its facts come from strata's cache,
  // one file per directory under $XDG_CACHE_HOME/strata or ~/.cache/strata (STRATA_CACHE=off: none).
  // Never for applying. Default: false, every file is read and parsed, its text kept.
  bool facts_only = false;
};
Result<MigrationSet> LoadMigrations(const std::string& directory, const DirectoryOptions& options);

// Reads the sections' text of each migration of `set` (loaded with facts_only from its directory) that
// `wanted` chooses, as a full load would, checksum included.
Status ReadMigrationTexts(MigrationSet& set, const std::function<bool(const Migration&)>& wanted);

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

// What `strata new` writes. Templates: the built-in ones of a database dialect (the safe form of a
// table, a column, an index, a backfill, seed rows; MongoDB's field helpers), and the user's, files
// `<name>.sql` (`<name>.json` for MongoDB) in a templates directory, which override a built-in of the
// same name. Their {{placeholders}} ({{name}}, {{version}}, {{description}}, {{table}}, {{column}},
// {{new_column}}, and any given in `values`) are described in src/source/template_fill.h and docs/commands.md ("Templates").
struct NewMigrationOptions {
  bool sequential = false;  // the next zero-padded number instead of the UTC time
  // The blank file's format; a template's own (.sql or .json) wins. Default: strata's .sql.
  MigrationFormat format = MigrationFormat::kStrata;
  std::string template_name;  // Default: "" for the blank file
  // "postgres", "mysql", "sqlite", "duckdb" or "mongodb": whose built-in templates, and whether user
  // templates are .sql or .json. Required with a template.
  std::string dialect;
  std::string templates_directory;  // Default: "" for TemplatesDirectoryFor(the migrations directory)
  // Written into the file's header: `-- strata:description TEXT` (SQL), "description" (JSON). Newlines
  // become spaces. Default: none.
  std::string description;
  std::map<std::string, std::string> values;  // {{NAME}} -> value, over the defaults (`--var`)
  // The directory is read with its subfolders (DirectoryOptions::recursive): the next version follows
  // every version in them too. Default: false.
  bool recursive = false;
  // Where under the directory the file goes ("2026/11"): relative, no "..". Default: "" for the
  // directory itself.
  std::string subfolder;
};

// As above, from `options`. An unknown template is kInvalidArgument listing the available ones; a
// placeholder without a value is kInvalidArgument naming it. Nothing is written when either fails.
Result<std::string> CreateMigrationFile(const std::string& directory, const std::string& name,
                                        const NewMigrationOptions& options);

// The user templates' directory for a migrations directory: `templates` beside it (db/migrations ->
// db/templates).
std::string TemplatesDirectoryFor(const std::string& migrations_directory);

// A template `strata new --template` can use.
struct MigrationTemplateInfo {
  std::string name;
  std::string summary;  // a user template's first `--` comment (JSON: its "description"), if any
  std::string path;     // the user template's file; "" for a built-in one
  bool overrides_builtin = false;
};

// The templates for `dialect`: built-in and user ones in `templates_directory` (a missing directory
// has none), sorted by name, a user template in place of a built-in one of its name. An unreadable
// directory or template is an error naming it.
Result<std::vector<MigrationTemplateInfo>> ListMigrationTemplates(const std::string& dialect,
                                                                  const std::string& templates_directory);

}  // namespace strata
