-- expect: rename-table
-- strata:up
ALTER TABLE customers RENAME TO clients;

-- strata:down
ALTER TABLE clients RENAME TO customers;
