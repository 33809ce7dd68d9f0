-- expect: none
-- strata:up
-- One table, named once with its schema and once without: a single table's lock.
ALTER TABLE public.orders ADD COLUMN fulfillment_status text;
ALTER TABLE orders
    ADD CONSTRAINT orders_fulfillment_status_check
    CHECK (fulfillment_status IN ('unfulfilled', 'partial', 'fulfilled')) NOT VALID;
