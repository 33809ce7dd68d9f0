-- expect: add-serial-column, serial-column
-- strata:up
ALTER TABLE audit_events ADD COLUMN seq bigserial;
