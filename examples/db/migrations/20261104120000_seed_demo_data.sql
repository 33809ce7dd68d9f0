-- Demo rows, with fixed ids so that the down part removes exactly these.
-- strata:category data
-- strata:requires 20261101090000, 20261101091500, 20261102100000

-- strata:up
INSERT INTO users (id, email, display_name) VALUES
  (1, 'ada@example.com', 'Ada'),
  (2, 'grace@example.com', 'Grace');

INSERT INTO projects (id, owner_id, name) VALUES
  (1, 1, 'Release 1.0');

INSERT INTO tasks (id, project_id, assignee_id, title, state) VALUES
  (1, 1, 1, 'Write the release notes; then tag v1.0', 'doing'),
  (2, 1, 2, 'Don''t ship without a rollback plan -- test the down parts', 'open'),
  (3, 1, NULL, 'Announce the release /* on the blog */', 'open');

-- strata:down
DELETE FROM tasks WHERE id IN (1, 2, 3);
DELETE FROM projects WHERE id = 1;
DELETE FROM users WHERE id IN (1, 2);
