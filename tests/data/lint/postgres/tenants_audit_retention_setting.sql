-- expect: none
-- strata:up
UPDATE tenants
   SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{audit,retention_days}', '365'::jsonb, true)
 WHERE settings -> 'audit' -> 'retention_days' IS NULL;

-- strata:down
UPDATE tenants
   SET settings = settings #- '{audit,retention_days}'
 WHERE settings -> 'audit' ->> 'retention_days' = '365';
