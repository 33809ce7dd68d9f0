// The texts of the built-in templates, one list per dialect. Each says in its comments why it is written
// the way it is: the file is what the user keeps, so the reasons travel with it.
#include "source/templates.h"

namespace strata {
namespace {

// Shared by the SQL dialects whose safe form is the same.

constexpr const char* kBatchedUpdate = R"sql(-- strata:up transaction:false
-- strata:allow no-down a backfill is undone by another migration, not by reverting this one
-- A backfill in key ranges. With transaction:false each UPDATE commits on its own: its row locks last
-- one batch, and a failure keeps the batches already done. Each batch skips the rows already done
-- ({{column}} IS NULL), so after a failure (and `strata repair`) the migration can simply run again.
-- Repeat the UPDATE with the next ranges up to SELECT max(id) FROM {{table}}; on a very large table,
-- give later ranges a migration each (strata new NAME --template data).
UPDATE {{table}} SET {{column}} = 'value' WHERE id >= 1 AND id < 10001 AND {{column}} IS NULL;
UPDATE {{table}} SET {{column}} = 'value' WHERE id >= 10001 AND id < 20001 AND {{column}} IS NULL;
)sql";

constexpr const char* kSeedRows = R"sql(-- strata:up
-- Rows every environment needs (plans, roles, settings), with made-up values only: people's data and
-- secrets do not belong in a migration (strata lint flags them). The down part deletes them by key.
INSERT INTO {{table}} ({{column}}) VALUES
  ('first'),
  ('second');

-- strata:down
DELETE FROM {{table}} WHERE {{column}} IN ('first', 'second');
)sql";

constexpr const char* kBatchedUpdateSummary =
    "A backfill: UPDATE in key ranges, each committed on its own (transaction:false)";
constexpr const char* kSeedSummary = "Reference rows inserted; down deletes them by key";

constexpr BuiltinTemplate kPostgres[] = {
    {"add-column", "A nullable column: a catalog change under a brief lock, no rewrite; down drops it", true,
     R"sql(-- strata:up
-- Nullable, with no default or a constant one: PostgreSQL changes only its catalog, under a brief lock
-- (strata's lock timeout retries it rather than queue every query behind a long transaction).
-- To require values later: backfill them (--template data), add CHECK ({{column}} IS NOT NULL)
-- NOT VALID, and VALIDATE CONSTRAINT it in a later migration.
ALTER TABLE {{table}} ADD COLUMN {{column}} text;

-- strata:down
ALTER TABLE {{table}} DROP COLUMN {{column}};
)sql"},
    {"add-index", "CREATE INDEX CONCURRENTLY IF NOT EXISTS, transaction:false; down drops it concurrently", true,
     R"sql(-- strata:up transaction:false
-- CONCURRENTLY builds the index while reads and writes go on, and cannot run in a transaction (hence
-- transaction:false). A failed build leaves an INVALID index behind, which IF NOT EXISTS would keep:
-- drop it (DROP INDEX CONCURRENTLY IF EXISTS {{table}}_{{column}}_idx) before running this again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS {{table}}_{{column}}_idx ON {{table}} ({{column}});

-- strata:down transaction:false
DROP INDEX CONCURRENTLY IF EXISTS {{table}}_{{column}}_idx;
)sql"},
    {"create-table", "A new table: bigint identity key, timestamptz created_at and updated_at; down drops it", true,
     R"sql(-- strata:up
-- A bigint identity key does not run out as an int one does; timestamptz stores an instant, whatever
-- the session's time zone.
CREATE TABLE {{table}} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- strata:down
DROP TABLE {{table}};
)sql"},
    {"data", kBatchedUpdateSummary, false, kBatchedUpdate},
    {"seed", kSeedSummary, true, kSeedRows},
};

constexpr BuiltinTemplate kMysql[] = {
    {"add-column", "A nullable column with ALGORITHM=INSTANT (metadata only); down drops it", true,
     R"sql(-- strata:up
-- ALGORITHM=INSTANT changes only the table's metadata (MySQL 8.0.12+, MariaDB 10.3+), and MySQL refuses
-- the statement rather than copy the table when it cannot. On MySQL 5.7 write ALGORITHM=INPLACE,
-- LOCK=NONE instead: a rebuild during which reads and writes go on.
ALTER TABLE {{table}} ADD COLUMN {{column}} VARCHAR(255) NULL, ALGORITHM=INSTANT;

-- strata:down
ALTER TABLE {{table}} DROP COLUMN {{column}};
)sql"},
    {"add-index", "CREATE INDEX ... ALGORITHM=INPLACE LOCK=NONE: reads and writes go on; down drops it", true,
     R"sql(-- strata:up
-- InnoDB builds the index in place while reads and writes go on (LOCK=NONE); MySQL refuses the
-- statement rather than block writes when it cannot.
CREATE INDEX {{table}}_{{column}}_idx ON {{table}} ({{column}}) ALGORITHM=INPLACE LOCK=NONE;

-- strata:down
DROP INDEX {{table}}_{{column}}_idx ON {{table}};
)sql"},
    {"create-table", "A new InnoDB table: BIGINT AUTO_INCREMENT key, utf8mb4, timestamps; down drops it", true,
     R"sql(-- strata:up
-- A BIGINT key does not run out as an INT one does; utf8mb4 stores every character (MySQL's utf8 does
-- not).
CREATE TABLE {{table}} (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- strata:down
DROP TABLE {{table}};
)sql"},
    {"data", kBatchedUpdateSummary, false, kBatchedUpdate},
    {"seed", kSeedSummary, true, kSeedRows},
};

constexpr BuiltinTemplate kSqlite[] = {
    {"add-column", "ALTER TABLE ADD COLUMN (no rewrite); down drops it (SQLite 3.35+)", true,
     R"sql(-- strata:up
-- SQLite adds a column without rewriting the table, but not a PRIMARY KEY or UNIQUE one, nor one whose
-- default is not a constant: add a unique index instead, or rebuild the table.
ALTER TABLE {{table}} ADD COLUMN {{column}} TEXT;

-- strata:down
-- DROP COLUMN needs SQLite 3.35 or later, and fails while an index or a view uses the column.
ALTER TABLE {{table}} DROP COLUMN {{column}};
)sql"},
    {"add-index", "CREATE INDEX IF NOT EXISTS; down drops it", true,
     R"sql(-- strata:up
-- SQLite builds the index holding the database's write lock: other writers wait for the build (readers
-- go on in WAL mode). There is no online way: keep large builds out of busy hours.
CREATE INDEX IF NOT EXISTS {{table}}_{{column}}_idx ON {{table}} ({{column}});

-- strata:down
DROP INDEX IF EXISTS {{table}}_{{column}}_idx;
)sql"},
    {"create-table", "A new table: INTEGER PRIMARY KEY (the rowid) and created_at; down drops it", true,
     R"sql(-- strata:up
-- INTEGER PRIMARY KEY is the rowid: SQLite fills it in when an INSERT leaves it out.
CREATE TABLE {{table}} (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- strata:down
DROP TABLE {{table}};
)sql"},
    {"data", kBatchedUpdateSummary, false, kBatchedUpdate},
    {"seed", kSeedSummary, true, kSeedRows},
};

constexpr BuiltinTemplate kDuckdb[] = {
    {"add-column", "A nullable column; down drops it", true,
     R"sql(-- strata:up
-- Nullable and without a default: DuckDB only records the new column.
ALTER TABLE {{table}} ADD COLUMN {{column}} VARCHAR;

-- strata:down
ALTER TABLE {{table}} DROP COLUMN {{column}};
)sql"},
    {"add-index", "An ART index, for point lookups and uniqueness; down drops it", true,
     R"sql(-- strata:up
-- DuckDB scans well without indexes (each row group keeps the min and max of every column); an index
-- serves point lookups and uniqueness, and costs memory and slower writes: add one for those.
CREATE INDEX {{table}}_{{column}}_idx ON {{table}} ({{column}});

-- strata:down
DROP INDEX {{table}}_{{column}}_idx;
)sql"},
    {"create-table", "A new table keyed by a sequence, with created_at; down drops both", true,
     R"sql(-- strata:up
-- DuckDB has no identity columns: a sequence fills the key.
CREATE SEQUENCE {{table}}_id_seq;
CREATE TABLE {{table}} (
  id BIGINT PRIMARY KEY DEFAULT nextval('{{table}}_id_seq'),
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- strata:down
DROP TABLE {{table}};
DROP SEQUENCE {{table}}_id_seq;
)sql"},
    {"data", "A backfill: UPDATE in key ranges, each committed on its own (transaction:false)", false,
     R"sql(-- strata:up transaction:false
-- strata:allow no-down a backfill is undone by another migration, not by reverting this one
-- A backfill in key ranges. With transaction:false each UPDATE commits on its own, so DuckDB keeps the
-- changes of one batch, not of the whole table, until it commits, and a failure keeps the batches
-- already done. Each batch skips the rows already done ({{column}} IS NULL), so after a failure (and
-- `strata repair`) the migration can simply run again. Repeat the UPDATE with the next ranges up to
-- SELECT max(id) FROM {{table}}.
UPDATE {{table}} SET {{column}} = 'value' WHERE id >= 1 AND id < 100001 AND {{column}} IS NULL;
UPDATE {{table}} SET {{column}} = 'value' WHERE id >= 100001 AND id < 200001 AND {{column}} IS NULL;
)sql"},
    {"seed", kSeedSummary, true, kSeedRows},
};

// MongoDB: JSON command files (source/json_migration.cc). JSON has no comments, so the reasons are in
// the summaries (`strata new --list`) and docs/commands.md ("Templates"). The helpers (strata.addField, ...) change
// documents in batches of 1000 by _id; "transaction": false lets each batch commit on its own.
constexpr BuiltinTemplate kMongodb[] = {
    {"add-field", "strata.addField: sets a field where it is missing, in batches; down removes it where unchanged",
     true,
     R"json({
  "description": "{{description}}",
  "transaction": false,
  "up": [
    {"strata.addField": {"collection": "{{table}}", "field": "{{column}}", "value": null}}
  ],
  "down": [
    {"strata.removeField": {"collection": "{{table}}", "field": "{{column}}",
                            "filter": {"{{column}}": null}}}
  ]
}
)json"},
    {"create-collection", "create of a new collection; down drops it", true,
     R"json({
  "description": "{{description}}",
  "up": [
    {"create": "{{table}}"}
  ],
  "down": [
    {"drop": "{{table}}"}
  ]
}
)json"},
    {"index", "strata.createIndex on one field (MongoDB 4.2+ lets writes go on during the build); down drops it", true,
     R"json({
  "description": "{{description}}",
  "up": [
    {"strata.createIndex": {"collection": "{{table}}", "keys": {"{{column}}": 1}}}
  ],
  "down": [
    {"strata.dropIndex": {"collection": "{{table}}", "keys": {"{{column}}": 1}}}
  ]
}
)json"},
    {"rename-field", "strata.renameField in batches, never over a value already there; down renames it back", true,
     R"json({
  "description": "{{description}}",
  "transaction": false,
  "up": [
    {"strata.renameField": {"collection": "{{table}}", "from": "{{column}}", "to": "{{new_column}}",
                            "filter": {"{{new_column}}": {"$exists": false}}}}
  ],
  "down": [
    {"strata.renameField": {"collection": "{{table}}", "from": "{{new_column}}", "to": "{{column}}",
                            "filter": {"{{column}}": {"$exists": false}}}}
  ]
}
)json"},
    {"seed", "Reference documents inserted; down deletes them by key", true,
     R"json({
  "description": "{{description}}",
  "up": [
    {"insert": "{{table}}", "documents": [{"{{column}}": "first"}, {"{{column}}": "second"}]}
  ],
  "down": [
    {"delete": "{{table}}", "deletes": [{"q": {"{{column}}": {"$in": ["first", "second"]}}, "limit": 0}]}
  ]
}
)json"},
    {"transform", "strata.transform: an update pipeline on the matching documents, in batches; no down", false,
     R"json({
  "description": "{{description}}",
  "transaction": false,
  "strata:allow": {"no-down": "a transform is undone by another migration, not by reverting this one"},
  "up": [
    {"strata.transform": {"collection": "{{table}}", "filter": {"{{column}}": {"$type": "string"}},
                          "pipeline": [{"$set": {"{{column}}": {"$trim": {"input": "${{column}}"}}}}]}}
  ]
}
)json"},
};

}  // namespace

std::span<const BuiltinTemplate> BuiltinTemplates(std::string_view dialect) {
  if (dialect == "postgres") return kPostgres;
  if (dialect == "mysql") return kMysql;
  if (dialect == "sqlite") return kSqlite;
  if (dialect == "duckdb") return kDuckdb;
  if (dialect == "mongodb") return kMongodb;
  return {};
}

const BuiltinTemplate* FindBuiltinTemplate(std::string_view dialect, std::string_view name) {
  for (const BuiltinTemplate& t : BuiltinTemplates(dialect)) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

}  // namespace strata
