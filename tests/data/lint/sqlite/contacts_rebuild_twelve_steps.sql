-- expect: table-rebuild
-- strata:up transaction:false
-- SQLite's twelve-step table change: foreign keys off outside the transaction, then one transaction.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE contacts_new (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT COLLATE NOCASE,
  company_id INTEGER REFERENCES companies (id)
);
INSERT INTO contacts_new (id, name, email, company_id)
SELECT id, name, email, company_id FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_new RENAME TO contacts;
CREATE INDEX contacts_company_idx ON contacts (company_id);
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
