-- expect: concurrently-in-transaction
-- strata:up
ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;
