// Rules: statements that fail, or do the wrong thing, as strata will run them (in or out of a transaction).
#include "lint/catalog/catalog.h"

namespace strata::lint {

std::vector<RuleInfo> RunTimeRules() {
  return {
      {"transaction-control", Hazard::kTransaction, Severity::kError, "COMMIT, ROLLBACK or BEGIN inside a migration strata runs in a transaction",
       "It would commit part of the migration behind strata's back, or undo strata's own history record; strata "
       "refuses the migration when it reaches the statement.",
       "Leave the transaction to strata, or mark the part `transaction:false` and manage it yourself.",
       {{kPg, "UPDATE users SET active = true WHERE active IS NULL;\nCOMMIT;\nALTER TABLE users ADD COLUMN x int;",
         "UPDATE users SET active = true WHERE active IS NULL;\nALTER TABLE users ADD COLUMN x int;"},
        {kMy, "INSERT INTO settings (k, v) VALUES ('a', '1');\nCOMMIT;\nINSERT INTO settings (k, v) VALUES ('b', '2');",
         "INSERT INTO settings (k, v) VALUES ('a', '1');\nINSERT INTO settings (k, v) VALUES ('b', '2');"},
        {kLite, "INSERT INTO settings (k, v) VALUES ('a', '1');\nCOMMIT;\nINSERT INTO settings (k, v) VALUES ('b', '2');",
         "INSERT INTO settings (k, v) VALUES ('a', '1');\nINSERT INTO settings (k, v) VALUES ('b', '2');"},
        {kDuck, "INSERT INTO settings VALUES ('a', '1');\nROLLBACK;\nINSERT INTO settings VALUES ('b', '2');",
         "INSERT INTO settings VALUES ('a', '1');\nINSERT INTO settings VALUES ('b', '2');"}}},
      {"concurrently-in-transaction", Hazard::kTransaction, Severity::kError, "CONCURRENTLY inside a transaction",
       "PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and DETACH PARTITION CONCURRENTLY "
       "in a transaction block: the migration fails.",
       "Mark the part `-- strata:up transaction:false` (and keep it to the one statement, with IF NOT EXISTS).",
       {{kPg, "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);",
         "-- strata:up transaction:false\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id);"}}},
      {"statement-refuses-transaction", Hazard::kTransaction, Severity::kError,
       "A statement the database refuses inside a transaction",
       "VACUUM, CREATE/DROP DATABASE, CREATE/DROP TABLESPACE and ALTER SYSTEM (PostgreSQL), VACUUM and "
       "PRAGMA journal_mode changes (SQLite) cannot run in a transaction: the migration fails.",
       "Mark the part `transaction:false`.",
       {{kPg, "VACUUM ANALYZE events;", "-- strata:up transaction:false\nVACUUM ANALYZE events;"},
        {kLite, "VACUUM;", "-- strata:up transaction:false\nVACUUM INTO 'backup.db';"}}},
      {"enum-add-value-in-transaction", Hazard::kTransaction, Severity::kWarning,
       "ALTER TYPE ... ADD VALUE in a transaction",
       "PostgreSQL before 12 refuses it in a transaction block; from 12 on the new value cannot be used until "
       "the transaction commits, so a later statement of the same migration that uses it fails.",
       "Add the value in a migration of its own marked `transaction:false`, and use it in a later one.",
       {{kPg, "ALTER TYPE order_status ADD VALUE 'refunded';",
         "-- strata:up transaction:false\nALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';"}}},
      {"non-transactional-retry", Hazard::kTransaction, Severity::kWarning,
       "A concurrent index build that cannot be run twice",
       "A CONCURRENTLY build that fails leaves an INVALID index behind; without IF NOT EXISTS the retry fails on "
       "it, and with it the retry keeps the invalid index.",
       "Use IF NOT EXISTS, and drop an INVALID index left by a failed attempt before retrying.",
       {{kPg, "-- strata:up transaction:false\nCREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);",
         "-- strata:up transaction:false\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id);"}}},
      {"pragma-foreign-keys-in-transaction", Hazard::kTransaction, Severity::kError,
       "PRAGMA foreign_keys inside a transaction",
       "SQLite ignores PRAGMA foreign_keys inside a transaction: the table rebuild that follows runs with foreign "
       "keys still on (deleting or refusing rows), or the checks you meant to turn on stay off.",
       "Mark the part `-- strata:up transaction:false` and wrap the work in BEGIN ... COMMIT yourself, after the PRAGMA.",
       {{kLite, "PRAGMA foreign_keys = OFF;\nDROP TABLE IF EXISTS tmp_import;",
         "-- strata:up transaction:false\nPRAGMA foreign_keys = OFF;\nDROP TABLE IF EXISTS tmp_import;"}}},
      {"add-column-refused", Hazard::kTransaction, Severity::kError, "ADD COLUMN that SQLite refuses",
       "SQLite cannot add a column that is PRIMARY KEY or UNIQUE, or whose default is not a constant "
       "(CURRENT_TIMESTAMP, an expression): the migration fails.",
       "Add the column plainly and create a unique index; or rebuild the table.",
       {{kLite, "ALTER TABLE users ADD COLUMN created_at TEXT DEFAULT CURRENT_TIMESTAMP;",
         "ALTER TABLE users ADD COLUMN created_at TEXT DEFAULT '1970-01-01 00:00:00';"}}},
      {"syntax-error", Hazard::kTransaction, Severity::kWarning, "A statement PostgreSQL's parser cannot read",
       "PostgreSQL's own parser (the one in libpg_query, version 15) refuses the statement: it will fail when it "
       "runs, unless it is syntax newer than that parser. It was not analysed.",
       "Fix the statement; for syntax newer than PostgreSQL 15, accept it with `-- strata:allow syntax-error <reason>`.",
       {{kPg, "ALTER TABLE users ADD COLUMN;", "ALTER TABLE users ADD COLUMN nickname text;"}}},
      {"algorithm-unhonoured", Hazard::kTransaction, Severity::kError, "ALGORITHM or LOCK that MySQL cannot honour",
       "ALGORITHM=INSTANT/INPLACE or LOCK=NONE on a change that needs a table copy (a type change, CONVERT TO, "
       "a foreign key, dropping the primary key) or that blocks writes: MySQL refuses the statement.",
       "Ask only for what the change can do (leave ALGORITHM out to see what MySQL picks), or use an online "
       "schema change tool.",
       {{kMy, "ALTER TABLE orders MODIFY note TEXT, ALGORITHM=INPLACE, LOCK=NONE;",
         "ALTER TABLE orders ADD COLUMN note2 TEXT NULL, ALGORITHM=INSTANT;"}}},
      {"implicit-commit", Hazard::kTransaction, Severity::kInfo, "DDL and data changes mixed in one MySQL migration",
       "MySQL commits before and after every DDL statement, so when a later statement fails the earlier ones "
       "stay applied; strata records the migration as failed at that statement and `repair` is needed.",
       "Put schema changes and data changes in separate migrations.",
       {{kMy, "ALTER TABLE users ADD COLUMN locale VARCHAR(10) NULL;\nUPDATE users SET locale = 'en' WHERE locale IS NULL;",
         "UPDATE users SET locale = 'en' WHERE locale IS NULL;"}}},
  };
}

}  // namespace strata::lint
