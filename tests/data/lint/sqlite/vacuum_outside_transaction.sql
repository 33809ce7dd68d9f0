-- expect: vacuum-database
-- strata:up transaction:false
VACUUM;
