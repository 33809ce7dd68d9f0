-- expect: secret-in-literal
-- strata:up
CREATE SECRET gcs_exports (
  TYPE GCS,
  KEY_ID 'GOOG1EXAMPLEKEYID7QX2LMN',
  SECRET 'bGx8r2Vq9ZtW4yN6mK1pJ3sD5fH7gL0aQ2wE4rT6'
);
