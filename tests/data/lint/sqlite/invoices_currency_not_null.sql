-- expect: add-not-null-without-default
-- strata:up
ALTER TABLE invoices ADD COLUMN currency TEXT NOT NULL;
