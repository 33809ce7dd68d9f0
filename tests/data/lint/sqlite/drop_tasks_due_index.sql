-- expect: drop-index
-- strata:up
DROP INDEX IF EXISTS idx_tasks_due;

-- strata:down
CREATE INDEX IF NOT EXISTS idx_tasks_due ON tasks (due_on);
