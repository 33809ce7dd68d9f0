-- expect: none
-- strata:up
PRAGMA optimize;
PRAGMA user_version = 42;
