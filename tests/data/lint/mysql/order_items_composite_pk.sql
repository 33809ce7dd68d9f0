-- expect: change-primary-key
-- strata:up
ALTER TABLE order_items DROP PRIMARY KEY, ADD PRIMARY KEY (order_id, line_no);
