-- strata:up
ALTER TABLE tasks ADD COLUMN due_date TEXT;
CREATE INDEX tasks_due_date ON tasks (due_date) WHERE due_date IS NOT NULL;

-- strata:down
-- SQLite refuses to drop an indexed column, so the index goes first (DROP COLUMN needs SQLite 3.35+).
DROP INDEX tasks_due_date;
ALTER TABLE tasks DROP COLUMN due_date;
