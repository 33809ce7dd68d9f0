-- expect: volatile-default
-- strata:up
ALTER TABLE api_clients ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();

-- strata:down
ALTER TABLE api_clients DROP COLUMN public_id;
