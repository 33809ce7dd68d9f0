-- expect: none
-- strata:up
INSERT INTO demo_contacts (name, phone, email)
VALUES ('Demo Support', '+1 202 555 0143', 'demo@example.org'),
       ('Demo Sales', '+1 202 555 0177', 'demo-sales@example.org');

-- strata:down
DELETE FROM demo_contacts WHERE email IN ('demo@example.org', 'demo-sales@example.org');
