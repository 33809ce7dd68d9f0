-- expect: create-table-without-primary-key
-- strata:up
CREATE TABLE orders_2019_backup AS
SELECT * FROM orders WHERE created_at < '2020-01-01';

-- strata:down
DROP TABLE orders_2019_backup;
