-- expect: none
-- strata:up
CREATE INDEX IF NOT EXISTS tasks_open_due_idx ON tasks (due_on) WHERE done_at IS NULL;
