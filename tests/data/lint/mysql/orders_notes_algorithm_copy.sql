-- expect: algorithm-copy
-- strata:up
ALTER TABLE orders ADD COLUMN notes TEXT NULL, ALGORITHM=COPY;

-- strata:down
ALTER TABLE orders DROP COLUMN notes;
