-- expect: none
-- strata:up
INSERT INTO settings (name, value) VALUES
  ('support_email', 'support@example.com'),
  ('max_upload_mb', '25'),
  ('default_locale', 'en');

-- strata:down
DELETE FROM settings WHERE name IN ('support_email', 'max_upload_mb', 'default_locale');
