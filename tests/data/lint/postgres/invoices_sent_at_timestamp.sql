-- expect: timestamp-without-time-zone
-- strata:up
ALTER TABLE invoices ADD COLUMN sent_at timestamp;
