-- expect: rename-column, alter-same-table-twice
-- strata:up
ALTER TABLE invoices RENAME COLUMN total TO total_cents;
ALTER TABLE invoices ALTER COLUMN total_cents SET DEFAULT 0;
