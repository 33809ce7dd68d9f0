-- expect: none
-- strata:up
INSERT INTO settings (key, value) VALUES
  ('theme', 'light'),
  ('support_email', 'help@example.com'),
  ('sync_interval_seconds', '300');

-- strata:down
DELETE FROM settings WHERE key IN ('theme', 'support_email', 'sync_interval_seconds');
