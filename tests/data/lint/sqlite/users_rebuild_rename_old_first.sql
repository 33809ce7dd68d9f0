-- expect: table-rebuild
-- strata:up
-- Rebuild keeping the name: users is renamed aside, re-created, filled, and the old copy dropped,
-- all in this one transaction.
ALTER TABLE users RENAME TO users_old;
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE,
  name TEXT,
  created_at TEXT NOT NULL
);
INSERT INTO users (id, email, name, created_at) SELECT id, email, name, created_at FROM users_old;
DROP TABLE users_old;
CREATE UNIQUE INDEX users_email_idx ON users (email);
