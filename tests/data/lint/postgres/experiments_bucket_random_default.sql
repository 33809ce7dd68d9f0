-- expect: volatile-default
-- strata:up
ALTER TABLE experiment_assignments
    ADD COLUMN bucket integer NOT NULL DEFAULT (floor(random() * 100))::integer;
