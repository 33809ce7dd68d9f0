-- expect: drop-table, irreversible-down
-- strata:up
DROP TABLE IF EXISTS legacy_tokens;

-- strata:down
CREATE TABLE legacy_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  issued_at TEXT NOT NULL
);
