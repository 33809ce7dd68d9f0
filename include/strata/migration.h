// Migration: one versioned change, as read from its file(s).
//
// A migration's body is opaque to the engine: an SQL script for SQL databases, a list of commands for
// document databases. The engine only orders migrations, records them, and hands each section's text to
// the driver. Section text is kept as written (placeholders unfilled); the checksum covers the file(s)
// as written with line endings normalised, so CRLF and LF checkouts agree.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "strata/status.h"
#include "strata/version.h"

namespace strata {

enum class MigrationFormat {
  kStrata,         // one file, `-- strata:up` / `-- strata:down`
  kDbmate,         // one file, `-- migrate:up` / `-- migrate:down`
  kGolangMigrate,  // a pair, `V_name.up.sql` / `V_name.down.sql`
  kCode,           // C++ registered with AddCodeMigration (strata/code_migration.h)
  kMongoJson,      // one .json file of MongoDB commands, "up" and "down" arrays
  kFlyway,         // Flyway: `V<version>__name.sql`, plain SQL, with an optional `U<version>__name.sql` as down
  kGoose,          // one file, `-- +goose Up` / `-- +goose Down`
  kSqlMigrate,     // one file, `-- +migrate Up` / `-- +migrate Down` (sql-migrate)
};

class Database;
using CodeStep = std::function<Status(Database&)>;
// A batched code migration's work over one range of its table's key: (lower, upper], or [lower, upper]
// when `first`, in that batch's own transaction. Bind the bounds as parameters.
using CodeBatchStep =
    std::function<Status(Database&, const std::string& lower, const std::string& upper, bool first)>;

const char* MigrationFormatName(MigrationFormat format);

// The categories a migration may declare (`-- strata:category`): schema, data, index, constraint, seed.
const std::vector<std::string>& MigrationCategories();

// A data migration run in committed batches (`-- strata:batch size=10000 sleep=50ms key=id`): its up and
// down parts are each one UPDATE, DELETE or INSERT ... SELECT that strata runs over consecutive ranges of
// `key`, one short transaction per range, checkpointed in the history (docs/batched-migrations.md).
struct BatchSpec {
  int64_t size = 10000;                 // rows of the key's table per batch. Default: 10000
  std::chrono::milliseconds sleep{0};   // pause between batches. Default: none
  std::string key;                      // the key column. Default: the table's single integer primary key
  // Before each batch, wait while PostgreSQL's replication lag exceeds this (0: never). Default: 0
  std::chrono::milliseconds max_lag{0};
  // Before each batch, wait while MySQL's Threads_running exceeds this (0: never). Default: 0
  int max_threads_running = 0;
  // Code migrations only: the table whose key is ranged (a file's statement names its own).
  std::string table;
  std::string path;  // where the directive stands, for errors
  int line = 0;
};

// The up or the down part of a migration.
struct Section {
  std::string text;         // as written, placeholders unfilled
  std::string path;         // file the text came from
  int first_line = 1;       // line in `path` where `text` begins
  bool transaction = true;  // false when the marker says `transaction:false`
};

struct Migration {
  Version version;
  std::string name;  // the file name after the version, without extension(s)
  MigrationFormat format = MigrationFormat::kStrata;
  std::vector<std::string> paths;  // one file, or the up and down files of a pair
  Section up;
  std::optional<Section> down;  // absent: the migration is irreversible
  std::string checksum;         // "sha256:<hex>"
  bool backup = false;          // the file asks for a backup of what it touches before it runs
  // A squashed baseline (`strata squash`): the schema every migration up to its version made. A database
  // that applied any of those counts it as applied and never runs it; an empty one runs it instead.
  bool baseline = false;
  // Run in committed batches (`-- strata:batch`); absent: the usual one step.
  std::optional<BatchSpec> batch;
  // Risk findings accepted for the whole file, rule id -> reason (a MongoDB file's "strata:allow"; SQL
  // files accept one statement's with `-- strata:allow RULE reason` comments instead).
  std::map<std::string, std::string> allowed;
  // kCode only: what runs instead of the sections' text (which then only describes the code).
  CodeStep up_code;
  CodeStep down_code;
  // kCode with `batch`: what runs per batch instead of up_code and down_code.
  CodeBatchStep up_batch_code;
  CodeBatchStep down_batch_code;
  // What a reader should know about how the files were read (a golang-migrate pair whose halves are
  // named differently). `strata list` shows them.
  std::vector<std::string> notes;
  // From the file's header (`-- strata:requires`, `-- strata:category`, `-- strata:description`; a
  // MongoDB file's "requires", "category" and "description" members):
  //  - the versions that must be applied before this one (and may be reverted only after it), in the
  //    order written, without duplicates. Named `requirements` because `requires` is a C++20 keyword.
  //    Empty: the migration declares none, and counts as needing every earlier one (`up --keep-going`).
  //  - one of MigrationCategories(), or empty;
  //  - one line of free text, or empty.
  std::vector<Version> requirements;
  std::string category;
  std::string description;

  // false: loaded for a report (DirectoryOptions::facts_only), with everything above but the sections'
  // text, which is empty; ReadMigrationTexts reads it.
  bool text_read = true;

  bool reversible() const { return down.has_value(); }
};

// Migrations of one directory, sorted by version, versions unique.
struct MigrationSet {
  std::string directory;
  std::vector<Migration> migrations;
  // Files in the directory that look like migrations but are not read, each with why and the name
  // that would be read (Flyway's V1__x.sql, 1_x.SQL, ...). Warned about, never applied.
  std::vector<std::string> warnings;

  const Migration* Find(const Version& version) const;
};

}  // namespace strata
