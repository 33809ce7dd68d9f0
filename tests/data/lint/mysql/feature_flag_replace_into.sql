-- expect: none
-- strata:up
REPLACE INTO feature_flags (name, enabled, description)
VALUES ('new_checkout', 0, 'One-page checkout, off until the payment provider signs off');

-- strata:down
DELETE FROM feature_flags WHERE name = 'new_checkout';
