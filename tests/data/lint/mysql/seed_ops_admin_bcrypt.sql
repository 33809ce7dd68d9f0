-- expect: none
-- strata:up
INSERT INTO admins (email, password_hash, created_at)
VALUES ('ops@example.com', '$2y$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW', NOW());

-- strata:down
DELETE FROM admins WHERE email = 'ops@example.com';
