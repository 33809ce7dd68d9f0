-- expect: none
-- strata:up
INSERT INTO settings (key, value) VALUES ('max_attachments', '10')
ON CONFLICT (key) DO UPDATE SET value = excluded.value;
