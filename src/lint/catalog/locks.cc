// Rules: locks and rewrites that block other sessions for as long as the table is big.
#include "lint/catalog/catalog.h"

namespace strata::lint {

std::vector<RuleInfo> LockRules() {
  return {
      {"create-index-without-concurrently", Hazard::kLock, Severity::kWarning,
       "CREATE INDEX without CONCURRENTLY on an existing table",
       "PostgreSQL holds a SHARE lock on the table while it builds the index: every INSERT, UPDATE and DELETE "
       "waits for the whole build, minutes on a large table.",
       "`CREATE INDEX CONCURRENTLY IF NOT EXISTS ...` in a migration marked `-- strata:up transaction:false` "
       "(CONCURRENTLY cannot run in a transaction).",
       {{kPg, "CREATE INDEX orders_customer_idx ON orders (customer_id);",
         "-- strata:up transaction:false\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id);"}}},
      {"drop-index-without-concurrently", Hazard::kLock, Severity::kWarning, "DROP INDEX without CONCURRENTLY",
       "PostgreSQL takes an ACCESS EXCLUSIVE lock on the index's table: reads and writes wait, and wait behind "
       "any long query already using the table.",
       "`DROP INDEX CONCURRENTLY IF EXISTS ...` in a migration marked `transaction:false`.",
       {{kPg, "DROP INDEX orders_customer_idx;",
         "-- strata:up transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS orders_customer_idx;"}}},
      {"foreign-key-without-not-valid", Hazard::kLock, Severity::kWarning, "A foreign key added without NOT VALID",
       "PostgreSQL locks both tables (SHARE ROW EXCLUSIVE: writes wait) while it checks every existing row.",
       "Add it `NOT VALID` (only new rows are checked, the lock is brief), then `VALIDATE CONSTRAINT` in a later "
       "migration, which checks the old rows without blocking writes.",
       {{kPg, "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
         "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;"}}},
      {"check-without-not-valid", Hazard::kLock, Severity::kWarning, "A CHECK constraint added without NOT VALID",
       "PostgreSQL holds an ACCESS EXCLUSIVE lock while it checks every row: reads and writes wait.",
       "Add it `NOT VALID`, then `ALTER TABLE ... VALIDATE CONSTRAINT` in a later migration (a SHARE UPDATE "
       "EXCLUSIVE lock, which lets reads and writes go on).",
       {{kPg, "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);",
         "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;"}}},
      {"unique-without-using-index", Hazard::kLock, Severity::kWarning,
       "A UNIQUE or PRIMARY KEY constraint that builds its own index",
       "PostgreSQL builds the index under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole build.",
       "Build the index first with `CREATE UNIQUE INDEX CONCURRENTLY`, then `ADD CONSTRAINT ... UNIQUE USING INDEX "
       "...` (or `PRIMARY KEY USING INDEX`), which only takes the lock for a moment.",
       {{kPg, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
         "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;"}}},
      {"set-not-null", Hazard::kLock, Severity::kWarning, "SET NOT NULL on an existing column",
       "PostgreSQL holds an ACCESS EXCLUSIVE lock while it scans every row for NULLs.",
       "Add `CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` it in a later migration, then SET NOT NULL "
       "(PostgreSQL 12 and later use the validated check and skip the scan), then drop the check.",
       {{kPg, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
         "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;"}}},
      {"column-type-change", Hazard::kLock, Severity::kWarning, "A column's type changed",
       "PostgreSQL rewrites the table and its indexes under an ACCESS EXCLUSIVE lock (unless the types are "
       "binary-compatible, like varchar to text); MySQL copies the table; DuckDB rewrites it.",
       "Add a column of the new type, fill it in batches, switch the application to it, then drop the old one.",
       {{kPg, "ALTER TABLE events ALTER COLUMN id TYPE bigint;", "ALTER TABLE events ADD COLUMN id_new bigint;"},
        {kMy, "ALTER TABLE events MODIFY COLUMN payload MEDIUMTEXT;", "ALTER TABLE events ADD COLUMN payload_v2 MEDIUMTEXT NULL;"},
        {kDuck, "ALTER TABLE events ALTER COLUMN id TYPE BIGINT;", "ALTER TABLE events ADD COLUMN id_new BIGINT;"}}},
      {"volatile-default", Hazard::kLock, Severity::kError, "A column added with a volatile default",
       "A default that is computed per row (random(), gen_random_uuid(), clock_timestamp(), nextval()) makes "
       "PostgreSQL rewrite the table under an ACCESS EXCLUSIVE lock; so does any default before PostgreSQL 11.",
       "Add the column without a default (or with a constant one), set the default for new rows, and fill the "
       "old rows in batches.",
       {{kPg, "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
         "ALTER TABLE users ADD COLUMN token uuid;\nALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();"}}},
      {"add-serial-column", Hazard::kLock, Severity::kError, "A serial, identity or AUTO_INCREMENT column added",
       "Every existing row needs a value, so the table is rewritten: PostgreSQL under an ACCESS EXCLUSIVE lock, "
       "MySQL by copying it.",
       "Add a plain column, fill it in batches from a sequence, then attach the sequence as its default.",
       {{kPg, "ALTER TABLE events ADD COLUMN seq bigserial;", "ALTER TABLE events ADD COLUMN seq bigint;"},
        {kMy, "ALTER TABLE events ADD COLUMN seq BIGINT NOT NULL AUTO_INCREMENT UNIQUE;",
         "ALTER TABLE events ADD COLUMN seq BIGINT NULL;"}}},
      {"add-stored-generated-column", Hazard::kLock, Severity::kError, "A stored generated column added",
       "The value is computed and written for every existing row: a table rewrite (PostgreSQL, ACCESS EXCLUSIVE) "
       "or copy (MySQL).",
       "On MySQL a VIRTUAL generated column is added in place; elsewhere add a plain column and fill it in batches.",
       {{kPg, "ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED;",
         "ALTER TABLE orders ADD COLUMN total_cents bigint;"},
        {kMy, "ALTER TABLE orders ADD COLUMN total_cents BIGINT AS (total * 100) STORED;",
         "ALTER TABLE orders ADD COLUMN total_cents BIGINT AS (total * 100) VIRTUAL;"}}},
      {"vacuum-full", Hazard::kLock, Severity::kError, "VACUUM FULL",
       "The table is rewritten under an ACCESS EXCLUSIVE lock: nothing reads or writes it until the copy is done.",
       "Plain VACUUM (no lock on reads and writes), or pg_repack for an online rewrite; neither belongs in a "
       "migration that runs on deploy.",
       {{kPg, "-- strata:up transaction:false\nVACUUM FULL events;", "-- strata:up transaction:false\nVACUUM (ANALYZE) events;"}}},
      {"cluster", Hazard::kLock, Severity::kError, "CLUSTER",
       "The table is rewritten in index order under an ACCESS EXCLUSIVE lock.",
       "pg_repack with --order-by, outside of migrations.",
       {{kPg, "CLUSTER events USING events_created_idx;", "ANALYZE events;"}}},
      {"reindex-without-concurrently", Hazard::kLock, Severity::kWarning, "REINDEX without CONCURRENTLY",
       "Writes to the table wait while the index is rebuilt, and so do reads that would use the index.",
       "`REINDEX INDEX CONCURRENTLY ...` (PostgreSQL 12 and later) in a migration marked `transaction:false`.",
       {{kPg, "REINDEX INDEX orders_customer_idx;",
         "-- strata:up transaction:false\nREINDEX INDEX CONCURRENTLY orders_customer_idx;"}}},
      {"refresh-without-concurrently", Hazard::kLock, Severity::kWarning,
       "REFRESH MATERIALIZED VIEW without CONCURRENTLY",
       "The view is locked ACCESS EXCLUSIVE while its query runs again: every read of it waits.",
       "`REFRESH MATERIALIZED VIEW CONCURRENTLY` (the view needs a unique index), outside a transaction.",
       {{kPg, "REFRESH MATERIALIZED VIEW daily_sales;",
         "-- strata:up transaction:false\nREFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;"}}},
      {"lock-table", Hazard::kLock, Severity::kWarning, "LOCK TABLE / LOCK TABLES",
       "The table is locked explicitly (ACCESS EXCLUSIVE by default on PostgreSQL) until the migration commits; "
       "MySQL's LOCK TABLES also commits what came before.",
       "Let each statement take the lock it needs, for as short a time as it needs.",
       {{kPg, "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;\nUPDATE orders SET status = 'open' WHERE status IS NULL;",
         "UPDATE orders SET status = 'open' WHERE status IS NULL;"},
        {kMy, "LOCK TABLES orders WRITE;\nUPDATE orders SET status = 'open' WHERE status IS NULL;\nUNLOCK TABLES;",
         "UPDATE orders SET status = 'open' WHERE status IS NULL;"}}},
      {"many-locks-in-transaction", Hazard::kLock, Severity::kWarning,
       "Several statements take strong locks on different tables in one transaction",
       "Each lock is held until the migration commits, so the first table stays locked while the later "
       "statements wait for theirs; two runners or an application touching the tables in the other order deadlock.",
       "One table's changes per migration, or `transaction:false` with each statement safe on its own.",
       {{kPg, "ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE customers ADD COLUMN note text;",
         "ALTER TABLE orders ADD COLUMN note text;"}}},
      {"table-rewrite", Hazard::kLock, Severity::kWarning, "SET LOGGED / UNLOGGED / TABLESPACE / ACCESS METHOD",
       "PostgreSQL rewrites the table (and, for a tablespace, moves its files) under an ACCESS EXCLUSIVE lock.",
       "Do it in a maintenance window, outside the deploy's migrations.",
       {{kPg, "ALTER TABLE events SET LOGGED;", "ALTER TABLE events SET (fillfactor = 90);"}}},
      {"exclusion-constraint", Hazard::kLock, Severity::kWarning, "An exclusion constraint added to a table",
       "PostgreSQL builds its index and checks every row under an ACCESS EXCLUSIVE lock; exclusion constraints "
       "cannot be added NOT VALID.",
       "Add it while the table is new or small, or in a maintenance window.",
       {{kPg, "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);",
         "CREATE TABLE bookings (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));"}}},
      {"validate-in-same-transaction", Hazard::kLock, Severity::kWarning,
       "VALIDATE CONSTRAINT in the transaction that added it NOT VALID",
       "The ADD took a strong lock that is held until commit, so validating in the same transaction scans "
       "every row with the lock still held: NOT VALID bought nothing.",
       "Validate in a later migration.",
       {{kPg, "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;\n"
              "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;",
         "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;"}}},
      {"domain-check-constraint", Hazard::kLock, Severity::kWarning, "A CHECK on a domain",
       "Adding a check to a domain checks every column of every table that uses it, under locks on each; "
       "a check on a new domain can only be dropped later by rewriting every table that uses it.",
       "Put the CHECK on the table's column (added NOT VALID, validated later).",
       {{kPg, "ALTER DOMAIN email_address ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');",
         "ALTER TABLE users ADD CONSTRAINT email_has_at CHECK (email LIKE '%@%') NOT VALID;"}}},
      {"backfill-with-ddl", Hazard::kLock, Severity::kWarning,
       "Rows of a table changed in the transaction that altered it",
       "The ALTER's lock (ACCESS EXCLUSIVE on PostgreSQL) is held until commit, so the table is blocked for "
       "the whole backfill, not only for the ALTER.",
       "Alter in one migration, fill the rows in the next (in batches on a large table).",
       {{kPg, "ALTER TABLE users ADD COLUMN locale text;\nUPDATE users SET locale = 'en' WHERE locale IS NULL;",
         "UPDATE users SET locale = 'en' WHERE locale IS NULL;"}}},
      {"algorithm-copy", Hazard::kLock, Severity::kWarning, "ALGORITHM=COPY",
       "MySQL copies the whole table to a new one; writes are blocked for the duration of the copy.",
       "Leave ALGORITHM out so MySQL picks INSTANT or INPLACE where it can, or use gh-ost/pt-online-schema-change.",
       {{kMy, "ALTER TABLE orders ADD COLUMN note TEXT, ALGORITHM=COPY;",
         "ALTER TABLE orders ADD COLUMN note TEXT, ALGORITHM=INSTANT;"}}},
      {"enum-modify", Hazard::kLock, Severity::kWarning, "An ENUM or SET column redefined",
       "Only adding members at the end is instant; reordering, renaming or removing members copies the table, and "
       "rows holding a removed value are set to '' (or the statement fails in strict mode).",
       "Only append new members at the end of the list.",
       {{kMy, "ALTER TABLE orders MODIFY status ENUM('new', 'paid', 'shipped') NOT NULL;",
         "ALTER TABLE orders ADD COLUMN channel ENUM('web', 'shop') NULL;"}}},
      {"fulltext-index", Hazard::kLock, Severity::kWarning, "A FULLTEXT index added",
       "InnoDB rebuilds the table for its first FULLTEXT index (to add FTS_DOC_ID) and blocks writes while it "
       "builds (LOCK=SHARED).",
       "Create the table with its FULLTEXT index, or add it in a maintenance window.",
       {{kMy, "ALTER TABLE articles ADD FULLTEXT INDEX articles_body_ft (body);",
         "ALTER TABLE articles ADD INDEX articles_title_idx (title);"}}},
      {"change-primary-key", Hazard::kLock, Severity::kWarning, "A primary key dropped or added",
       "InnoDB stores rows in primary key order, so the table is rebuilt; dropping one without adding another "
       "copies it and blocks writes.",
       "Choose the primary key when the table is created; otherwise, an online schema change tool.",
       {{kMy, "ALTER TABLE order_items DROP PRIMARY KEY, ADD PRIMARY KEY (order_id, line_no);",
         "ALTER TABLE order_items ADD UNIQUE INDEX order_items_line (order_id, line_no);"}}},
      {"charset-conversion", Hazard::kLock, Severity::kWarning, "CONVERT TO CHARACTER SET",
       "Every text column is re-encoded: the table is copied, writes are blocked, and values that grow past an "
       "index's length limit make it fail.",
       "Convert one column at a time with an online schema change tool, after checking index lengths.",
       {{kMy, "ALTER TABLE comments CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;",
         "CREATE TABLE comments_v2 (id BIGINT PRIMARY KEY, body TEXT) DEFAULT CHARSET=utf8mb4;"}}},
      {"foreign-key-copies-table", Hazard::kLock, Severity::kWarning, "A foreign key added on MySQL",
       "With foreign_key_checks on (the default) MySQL can only add a foreign key with ALGORITHM=COPY: the table "
       "is copied and writes are blocked.",
       "Define foreign keys when the table is created; on an existing table, an online schema change tool.",
       {{kMy, "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
         "CREATE TABLE refunds (id BIGINT PRIMARY KEY, order_id BIGINT, FOREIGN KEY (order_id) REFERENCES orders (id));"}}},
      {"optimize-table", Hazard::kLock, Severity::kWarning, "OPTIMIZE TABLE",
       "InnoDB rebuilds the whole table (ALTER TABLE ... FORCE); on large tables this is minutes of I/O and a "
       "brief exclusive lock at each end.",
       "Run it from maintenance tooling, not from a migration on deploy.",
       {{kMy, "OPTIMIZE TABLE events;", "ANALYZE TABLE events;"}}},
      {"add-column-position", Hazard::kLock, Severity::kInfo, "ADD COLUMN ... FIRST or AFTER",
       "MySQL before 8.0.29 and MariaDB before 10.4 can only add a column instantly at the end; a position "
       "rebuilds the table.",
       "Add columns at the end; the order of columns is only cosmetic.",
       {{kMy, "ALTER TABLE users ADD COLUMN middle_name VARCHAR(100) NULL AFTER first_name;",
         "ALTER TABLE users ADD COLUMN middle_name VARCHAR(100) NULL;"}}},
      {"alter-same-table-twice", Hazard::kLock, Severity::kInfo, "Several ALTER TABLE statements on one table",
       "MySQL rebuilds or copies the table once per ALTER that needs it, and each commits on its own.",
       "Combine the changes in one ALTER TABLE, separated by commas.",
       {{kMy, "ALTER TABLE users ADD COLUMN a INT NULL;\nALTER TABLE users ADD COLUMN b INT NULL;",
         "ALTER TABLE users ADD COLUMN a INT NULL, ADD COLUMN b INT NULL;"}}},
      {"table-rebuild", Hazard::kLock, Severity::kWarning, "A table rebuilt by copy and rename",
       "SQLite's way to change a column: a new table, a copy of every row, the old dropped and the new renamed. "
       "The database is write-locked for the copy; triggers, views and indexes of the old table are lost unless "
       "made again; with foreign_keys on, the DROP deletes or refuses referencing rows.",
       "Follow SQLite's twelve steps: `PRAGMA foreign_keys=OFF` before the migration (`transaction:false`), "
       "re-create indexes and triggers, then `PRAGMA foreign_key_check`.",
       {{kLite, "CREATE TABLE users_new (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n"
                "INSERT INTO users_new SELECT id, email FROM users;\nDROP TABLE users;\n"
                "ALTER TABLE users_new RENAME TO users;",
         "ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0;"}}},
      {"vacuum-database", Hazard::kLock, Severity::kWarning, "VACUUM of a whole SQLite database",
       "SQLite rewrites the whole file under an exclusive lock and needs as much free disk again.",
       "Run VACUUM from maintenance tooling; in a migration, `PRAGMA incremental_vacuum` where auto_vacuum is "
       "incremental.",
       {{kLite, "-- strata:up transaction:false\nVACUUM;", "-- strata:up transaction:false\nPRAGMA optimize;"}}},
  };
}

}  // namespace strata::lint
