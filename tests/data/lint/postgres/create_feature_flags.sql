-- expect: none
-- strata:up
CREATE TABLE feature_flags (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key text NOT NULL,
    description text,
    enabled boolean NOT NULL DEFAULT false,
    rollout_percent integer NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The table is new: a plain index is fine, nobody reads or writes it yet.
CREATE UNIQUE INDEX feature_flags_key_idx ON feature_flags (key);
CREATE INDEX feature_flags_enabled_idx ON feature_flags (key) WHERE enabled;

-- strata:down
DROP TABLE feature_flags;
