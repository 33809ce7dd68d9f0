-- expect: secret-in-literal
-- strata:up
CREATE SECRET lake_reader (
  TYPE S3,
  KEY_ID 'AKIAZ7QWERTYUIOP3XYZ',
  SECRET 'pT8v2Lq9XwZr4Nk7Bc1Md6Hs0Fj3Gy5Ue8Ai2Ro',
  REGION 'eu-central-1'
);
