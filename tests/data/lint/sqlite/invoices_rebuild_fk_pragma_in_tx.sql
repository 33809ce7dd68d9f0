-- expect: pragma-foreign-keys-in-transaction, table-rebuild
-- strata:up
PRAGMA foreign_keys = OFF;
CREATE TABLE invoices_new (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  number TEXT NOT NULL UNIQUE,
  amount_cents INTEGER NOT NULL
);
INSERT INTO invoices_new SELECT id, customer_id, number, amount_cents FROM invoices;
DROP TABLE invoices;
ALTER TABLE invoices_new RENAME TO invoices;
PRAGMA foreign_keys = ON;
