-- expect: none
-- strata:up
ALTER TABLE tasks ADD COLUMN assignee_id INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- strata:down
-- assignee_id stays; the previous release ignores it.
