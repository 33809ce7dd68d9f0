-- expect: none
-- strata:up
ALTER TABLE orders ADD COLUMN is_gift TINYINT(1) NOT NULL DEFAULT 0, ALGORITHM=INSTANT;
