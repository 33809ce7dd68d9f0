-- expect: none
-- strata:up
BEGIN TRANSACTION;
CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
INSERT INTO tags (name) VALUES ('urgent'), ('waiting'), ('someday');
COMMIT;

-- strata:down
DROP TABLE tags;
