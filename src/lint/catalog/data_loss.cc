// Rules: statements that destroy rows, columns or objects.
#include "lint/catalog/catalog.h"

namespace strata::lint {

std::vector<RuleInfo> DataLossRules() {
  return {
      {"drop-table", Hazard::kDataLoss, Severity::kError, "DROP TABLE of an existing table",
       "Every row of the table is deleted, with its indexes, triggers and grants; nothing brings them back "
       "but a backup. Queries of the running application that use the table fail at once.",
       "Stop using the table in one release, rename it aside (`ALTER TABLE t RENAME TO t_retired`) in the next, "
       "and drop it once nothing has missed it; or accept it with `-- strata:allow drop-table <reason>`.",
       {{kPg, "DROP TABLE audit_log;", "ALTER TABLE audit_log RENAME TO audit_log_retired;"},
        {kMy, "DROP TABLE IF EXISTS audit_log;", "RENAME TABLE audit_log TO audit_log_retired;"},
        {kLite, "DROP TABLE audit_log;", "ALTER TABLE audit_log RENAME TO audit_log_retired;"},
        {kDuck, "DROP TABLE audit_log;", "ALTER TABLE audit_log RENAME TO audit_log_retired;"}}},
      {"drop-schema", Hazard::kDataLoss, Severity::kError, "DROP SCHEMA",
       "Every table, view, function and type in the schema is deleted (with CASCADE) or the statement fails "
       "(without it, when the schema is not empty).",
       "Move what must be kept out of the schema first, and drop it in a migration of its own once it is empty.",
       {{kPg, "DROP SCHEMA reporting CASCADE;", "CREATE SCHEMA reporting;"},
        {kDuck, "DROP SCHEMA staging CASCADE;", "CREATE SCHEMA staging;"}}},
      {"drop-database", Hazard::kDataLoss, Severity::kError, "DROP DATABASE",
       "The whole database is deleted (on MySQL, DROP SCHEMA is the same statement).",
       "Databases are not a migration's to drop: do it by hand, after a backup.",
       {{kPg, "DROP DATABASE legacy;", "CREATE TABLE legacy_notes (id bigint PRIMARY KEY);"},
        {kMy, "DROP SCHEMA legacy;", "CREATE TABLE legacy_notes (id BIGINT PRIMARY KEY);"}}},
      {"drop-column", Hazard::kDataLoss, Severity::kError, "DROP COLUMN",
       "The column's values are deleted in every row. The running release's queries that name the column fail. "
       "MySQL copies the table to drop it (before 8.0.29), SQLite rewrites the table.",
       "Stop reading and writing the column in one release; drop it in a later one. Keep the values if they may be "
       "needed (`CREATE TABLE users_phone_backup AS SELECT id, phone FROM users`).",
       {{kPg, "ALTER TABLE users DROP COLUMN phone;", "ALTER TABLE users ADD COLUMN phone_e164 text;"},
        {kMy, "ALTER TABLE users DROP COLUMN phone;", "ALTER TABLE users ADD COLUMN phone_e164 VARCHAR(20) NULL;"},
        {kLite, "ALTER TABLE users DROP COLUMN phone;", "ALTER TABLE users ADD COLUMN phone_e164 TEXT;"},
        {kDuck, "ALTER TABLE users DROP COLUMN phone;", "ALTER TABLE users ADD COLUMN phone_e164 VARCHAR;"}}},
      {"truncate", Hazard::kDataLoss, Severity::kError, "TRUNCATE",
       "Every row of the table is deleted at once; PostgreSQL takes an ACCESS EXCLUSIVE lock to do it, MySQL "
       "drops and re-creates the table (and commits).",
       "Delete only what must go, with a WHERE clause, in batches; keep a copy first when the rows matter.",
       {{kPg, "TRUNCATE sessions;", "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';"},
        {kMy, "TRUNCATE TABLE sessions;", "DELETE FROM sessions WHERE expires_at < NOW() - INTERVAL 30 DAY;"},
        {kDuck, "TRUNCATE sessions;", "DELETE FROM sessions WHERE expires_at < now() - INTERVAL 30 DAY;"}}},
      {"truncate-cascade", Hazard::kDataLoss, Severity::kError, "TRUNCATE ... CASCADE",
       "Every table that refers to this one by a foreign key is emptied too, and the tables that refer to "
       "those, however far the chain goes.",
       "Name each table to empty; without CASCADE, PostgreSQL refuses rather than emptying tables you did not name.",
       {{kPg, "TRUNCATE accounts CASCADE;", "DELETE FROM accounts WHERE closed_at < now() - interval '7 years';"}}},
      {"delete-without-where", Hazard::kDataLoss, Severity::kError, "DELETE without WHERE",
       "Every row of the table is deleted, in one transaction that holds a row lock on each until it commits.",
       "Say which rows with WHERE; for many rows, delete in batches (`strata:batch`, or a key range per migration).",
       {{kPg, "DELETE FROM events;", "DELETE FROM events WHERE created_at < now() - interval '90 days';"},
        {kMy, "DELETE FROM events;", "DELETE FROM events WHERE created_at < NOW() - INTERVAL 90 DAY;"},
        {kLite, "DELETE FROM events;", "DELETE FROM events WHERE created_at < date('now', '-90 days');"},
        {kDuck, "DELETE FROM events;", "DELETE FROM events WHERE created_at < now() - INTERVAL 90 DAY;"}}},
      {"update-without-where", Hazard::kDataLoss, Severity::kWarning, "UPDATE without WHERE",
       "Every row of the table is rewritten and its old value of the column lost; the row locks are held until "
       "the migration commits, so writers to the table wait for the whole update.",
       "Update only the rows that need it (`WHERE col IS NULL`), in batches on a large table.",
       {{kPg, "UPDATE users SET newsletter = false;", "UPDATE users SET newsletter = false WHERE newsletter IS NULL;"},
        {kMy, "UPDATE users SET newsletter = 0;", "UPDATE users SET newsletter = 0 WHERE newsletter IS NULL;"},
        {kLite, "UPDATE users SET newsletter = 0;", "UPDATE users SET newsletter = 0 WHERE newsletter IS NULL;"},
        {kDuck, "UPDATE users SET newsletter = false;", "UPDATE users SET newsletter = false WHERE newsletter IS NULL;"}}},
      {"narrow-column-type", Hazard::kDataLoss, Severity::kWarning, "A column changed to a type with a limit",
       "Values that do not fit the new length, precision or range make the statement fail (PostgreSQL, strict "
       "MySQL) or are cut silently (MySQL without strict mode).",
       "Check first (`SELECT count(*) FROM t WHERE length(col) > 100`), or add a new column and copy what fits.",
       {{kPg, "ALTER TABLE products ALTER COLUMN title TYPE varchar(100);",
         "ALTER TABLE products ALTER COLUMN title TYPE text;"},
        {kMy, "ALTER TABLE products MODIFY title VARCHAR(100) NOT NULL;", "ALTER TABLE products MODIFY title TEXT NOT NULL;"},
        {kDuck, "ALTER TABLE products ALTER title TYPE VARCHAR(100);", "ALTER TABLE products ALTER title TYPE VARCHAR;"}}},
      {"drop-default", Hazard::kDataLoss, Severity::kWarning, "DROP DEFAULT",
       "Inserts that leave the column out (the running release's, or other services') now store NULL, or fail "
       "when the column is NOT NULL.",
       "Drop a default only after every writer sets the column itself.",
       {{kPg, "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;",
         "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';"},
        {kMy, "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;", "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';"}}},
  };
}

}  // namespace strata::lint
