-- expect: none
-- strata:up
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
