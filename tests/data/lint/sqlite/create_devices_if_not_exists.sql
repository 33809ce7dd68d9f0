-- expect: none
-- strata:up
CREATE TABLE IF NOT EXISTS devices (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  platform TEXT NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
  push_enabled INTEGER NOT NULL DEFAULT 1,
  last_seen_at TEXT
);
CREATE INDEX IF NOT EXISTS devices_user_idx ON devices (user_id);
