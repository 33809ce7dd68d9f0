-- expect: none
-- strata:up
UPDATE projects
   SET task_count = (SELECT count(*) FROM tasks WHERE tasks.project_id = projects.id)
 WHERE task_count IS NULL;
