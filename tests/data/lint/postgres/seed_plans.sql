-- expect: none
-- strata:up
INSERT INTO plans (code, name, monthly_price_cents, support_email)
VALUES ('starter', 'Starter', 900, 'billing@example.com'),
       ('team', 'Team', 4900, 'team-billing@example.com'),
       ('enterprise', 'Enterprise', 0, 'sales@example.org')
ON CONFLICT (code) DO NOTHING;

-- strata:down
DELETE FROM plans WHERE code IN ('starter', 'team', 'enterprise');
