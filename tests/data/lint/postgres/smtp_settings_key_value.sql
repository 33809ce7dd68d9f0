-- expect: secret-in-literal
-- strata:up
INSERT INTO app_settings (key, value)
VALUES ('smtp_host', 'smtp.mailgun.org'),
       ('smtp_user', 'postmaster@mg.example.com'),
       ('smtp_password', 'Kx8#vQ2!mPz9wL');

-- strata:down
DELETE FROM app_settings WHERE key IN ('smtp_host', 'smtp_user', 'smtp_password');
