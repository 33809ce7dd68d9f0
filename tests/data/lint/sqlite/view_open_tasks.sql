-- expect: none
-- strata:up
CREATE VIEW IF NOT EXISTS open_tasks AS
SELECT t.id, t.title, t.due_on, p.name AS project
  FROM tasks t
  JOIN projects p ON p.id = t.project_id
 WHERE t.done_at IS NULL;

-- strata:down
DROP VIEW IF EXISTS open_tasks;
