-- expect: personal-data
-- strata:up
INSERT INTO users (email, full_name, role)
VALUES ('olga.petrova@gmail.com', 'Olga Petrova', 'admin');

-- strata:down
DELETE FROM users WHERE role = 'admin' AND full_name = 'Olga Petrova';
