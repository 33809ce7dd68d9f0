-- expect: statement-refuses-transaction, drop-database
-- strata:up
CREATE DATABASE analytics_replica TEMPLATE template0 ENCODING 'UTF8';

-- strata:down
DROP DATABASE analytics_replica;
