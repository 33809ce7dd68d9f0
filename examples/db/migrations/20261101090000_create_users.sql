-- Users of the task tracker. Timestamps are ISO 8601 UTC text, as SQLite has no date type.

-- strata:up
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- strata:down
DROP TABLE users;
