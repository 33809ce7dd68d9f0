-- expect: rename-table
-- strata:up
ALTER TABLE todo_items RENAME TO tasks;

-- strata:down
ALTER TABLE tasks RENAME TO todo_items;
