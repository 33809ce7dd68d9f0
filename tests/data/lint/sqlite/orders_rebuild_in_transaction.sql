-- expect: table-rebuild
-- strata:up
CREATE TABLE orders_new (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
  created_at TEXT NOT NULL
);
INSERT INTO orders_new (id, customer_id, total_cents, created_at)
SELECT id, customer_id, CAST(round(total * 100) AS INTEGER), created_at FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_customer_idx ON orders (customer_id);
