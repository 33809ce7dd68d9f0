-- expect: none
-- strata:up
-- strata:allow drop-table staging copy of the nightly load, recreated on every run
DROP TABLE IF EXISTS tmp_nightly_load;
