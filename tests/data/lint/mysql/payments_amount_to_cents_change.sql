-- expect: rename-column, column-type-change
-- strata:up
-- amount is INT NOT NULL today and already holds cents: the name says so now, and BIGINT gives room.
ALTER TABLE payments CHANGE COLUMN amount amount_cents BIGINT NOT NULL;
