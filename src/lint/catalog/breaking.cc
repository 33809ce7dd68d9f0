// Rules: changes that break the running application's queries, and locks waited for without bound.
#include "lint/catalog/catalog.h"

namespace strata::lint {

std::vector<RuleInfo> BreakingRules() {
  return {
      {"rename-table", Hazard::kBreaking, Severity::kWarning, "A table renamed",
       "From the moment it commits, the running release's queries of the old name fail, until every instance "
       "runs the new release.",
       "Create the new name as a view of the old table (or the other way round) for one release, switch the "
       "application, then remove the old name.",
       {{kPg, "ALTER TABLE customers RENAME TO clients;", "CREATE VIEW clients AS SELECT * FROM customers;"},
        {kMy, "RENAME TABLE customers TO clients;", "CREATE VIEW clients AS SELECT * FROM customers;"},
        {kLite, "ALTER TABLE customers RENAME TO clients;", "CREATE VIEW clients AS SELECT * FROM customers;"},
        {kDuck, "ALTER TABLE customers RENAME TO clients;", "CREATE VIEW clients AS SELECT * FROM customers;"}}},
      {"rename-column", Hazard::kBreaking, Severity::kWarning, "A column renamed",
       "The running release's queries that name the old column fail from the moment it commits.",
       "Add the new column, write both, backfill, read the new one, then drop the old one, over several releases.",
       {{kPg, "ALTER TABLE users RENAME COLUMN name TO full_name;", "ALTER TABLE users ADD COLUMN full_name text;"},
        {kMy, "ALTER TABLE users CHANGE name full_name VARCHAR(200) NOT NULL;",
         "ALTER TABLE users ADD COLUMN full_name VARCHAR(200) NULL;"},
        {kLite, "ALTER TABLE users RENAME COLUMN name TO full_name;", "ALTER TABLE users ADD COLUMN full_name TEXT;"},
        {kDuck, "ALTER TABLE users RENAME COLUMN name TO full_name;", "ALTER TABLE users ADD COLUMN full_name VARCHAR;"}}},
      {"add-not-null-without-default", Hazard::kBreaking, Severity::kError, "A NOT NULL column added without a default",
       "On a table with rows PostgreSQL, SQLite and DuckDB refuse it; MySQL fills in an implicit default. Either "
       "way the running release's inserts, which do not know the column, fail.",
       "Add it with a DEFAULT, or nullable first, backfill, then SET NOT NULL once every writer sets it.",
       {{kPg, "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;",
         "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;"},
        {kMy, "ALTER TABLE users ADD COLUMN tenant_id BIGINT NOT NULL;",
         "ALTER TABLE users ADD COLUMN tenant_id BIGINT NOT NULL DEFAULT 0;"},
        {kLite, "ALTER TABLE users ADD COLUMN tenant_id INTEGER NOT NULL;",
         "ALTER TABLE users ADD COLUMN tenant_id INTEGER NOT NULL DEFAULT 0;"},
        {kDuck, "ALTER TABLE users ADD COLUMN tenant_id BIGINT NOT NULL;",
         "ALTER TABLE users ADD COLUMN tenant_id BIGINT DEFAULT 0;"}}},
      {"drop-index", Hazard::kBreaking, Severity::kWarning, "DROP INDEX",
       "Queries that used the index scan the table instead; a unique index no longer keeps duplicates out.",
       "Check that nothing uses it first (the database's index usage statistics), and keep unique ones as "
       "constraints.",
       {{kMy, "DROP INDEX users_email_idx ON users;", "CREATE INDEX users_email_idx ON users (email);"},
        {kLite, "DROP INDEX users_email_idx;", "CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);"},
        {kDuck, "DROP INDEX users_email_idx;", "CREATE INDEX users_email_idx ON users (email);"}}},
      {"drop-not-null", Hazard::kBreaking, Severity::kInfo, "DROP NOT NULL",
       "NULLs can be written from now on; readers that assume a value (the previous release after a rollback, "
       "reports) may break, and the constraint cannot come back while NULLs remain.",
       "Make sure every reader copes with NULL before you allow it.",
       {{kPg, "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;", "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';"},
        {kMy, "ALTER TABLE users MODIFY email VARCHAR(255) NULL;", "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';"}}},
      {"lock-timeout-off", Hazard::kLockTimeout, Severity::kWarning,
       "A lock taken without a lock timeout",
       "strata sets a lock timeout for every statement (--ddl-lock-timeout, 5 s) and retries; here it is off "
       "(the file sets it to 0, or --ddl-lock-timeout 0), so the statement waits for its lock behind any long "
       "transaction, and every query of the table queues behind it: an outage until it gets the lock.",
       "Keep strata's lock timeout, or set a short one yourself (`SET lock_timeout = '5s'`).",
       {{kPg, "SET lock_timeout = 0;\nALTER TABLE orders ADD COLUMN note text;",
         "SET lock_timeout = '3s';\nALTER TABLE orders ADD COLUMN note text;"},
        {kMy, "SET SESSION lock_wait_timeout = 31536000;\nALTER TABLE orders ADD COLUMN note TEXT NULL;",
         "SET SESSION lock_wait_timeout = 5;\nALTER TABLE orders ADD COLUMN note TEXT NULL;"}}},
  };
}

}  // namespace strata::lint
