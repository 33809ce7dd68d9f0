-- expect: none
-- strata:up
UPDATE tasks
   SET archived = 1
 WHERE project_id IN (SELECT id FROM projects WHERE archived = 1)
   AND archived = 0;
