-- Written in dbmate's format: strata reads it as it reads its own.

-- migrate:up
CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL UNIQUE
);

CREATE TABLE task_tags (
  task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (task_id, tag_id)
) WITHOUT ROWID;

-- migrate:down
DROP TABLE task_tags;
DROP TABLE tags;
