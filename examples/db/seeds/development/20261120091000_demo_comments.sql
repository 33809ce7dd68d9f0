-- Demo data for development only: db/seeds/development/ runs with `strata --env development seed`,
-- after the shared seeds before it in version order (the tags above).

-- strata:up
INSERT INTO task_tags (task_id, tag_id)
  SELECT 2, id FROM tags WHERE label = 'docs'
ON CONFLICT DO NOTHING;

INSERT INTO comments (id, task_id, author_id, body) VALUES
  (1, 1, 2, 'Draft is in the wiki; review by Friday?'),
  (2, 2, 1, 'Rollback plan rehearsed with a dry run.')
ON CONFLICT (id) DO NOTHING;
