-- expect: none
-- strata:up
CREATE SECRET lake_reader (
  TYPE S3,
  KEY_ID '${LAKE_KEY_ID}',
  SECRET '${LAKE_SECRET}',
  REGION 'eu-central-1'
);
