-- expect: none
-- strata:up
INSTALL httpfs;
LOAD httpfs;
SET s3_region = 'eu-central-1';
