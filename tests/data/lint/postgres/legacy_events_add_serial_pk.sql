-- expect: add-serial-column, unique-without-using-index, serial-column, int-primary-key
-- strata:up
ALTER TABLE legacy_events ADD COLUMN id serial PRIMARY KEY;
