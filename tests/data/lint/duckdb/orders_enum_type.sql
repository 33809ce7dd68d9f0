-- expect: none
-- strata:up
CREATE TYPE order_state AS ENUM ('pending', 'paid', 'shipped');
ALTER TABLE orders ADD COLUMN state order_state;

-- strata:down
-- state stays; dropping it would lose the values.
