-- expect: many-locks-in-transaction
-- strata:up
CREATE TABLE payments_2026_03 (LIKE payments INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE payments_2026_03
    ADD CONSTRAINT payments_2026_03_range CHECK (created_at >= '2026-03-01' AND created_at < '2026-04-01');
ALTER TABLE payments ATTACH PARTITION payments_2026_03 FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');

-- strata:down
ALTER TABLE payments DETACH PARTITION payments_2026_03;
DROP TABLE payments_2026_03;
