-- expect: drop-schema
-- strata:up
CREATE SCHEMA IF NOT EXISTS staging;
CREATE TABLE staging.imports (
  id BIGINT PRIMARY KEY,
  source VARCHAR NOT NULL,
  loaded_at TIMESTAMPTZ DEFAULT current_timestamp
);

-- strata:down
DROP SCHEMA IF EXISTS staging CASCADE;
