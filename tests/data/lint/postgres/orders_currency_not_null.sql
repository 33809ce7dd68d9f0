-- expect: add-not-null-without-default, char-column
-- strata:up
ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL;
