-- expect: none
-- strata:up
INSERT INTO trips
SELECT * FROM read_parquet('s3://example-bucket/trips/2026-01/*.parquet');

-- strata:down
DELETE FROM trips
 WHERE pickup_at >= TIMESTAMP '2026-01-01' AND pickup_at < TIMESTAMP '2026-02-01';
