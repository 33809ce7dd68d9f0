-- Reference data every environment gets: the tags a task can carry. It is data, not schema, so it is a
-- seed: `strata seed` applies it, `strata up` never does. Written to be run again safely, since
-- `strata seed --force` reruns a seed whose file was edited after it ran.

-- strata:up
INSERT INTO tags (label) VALUES
  ('bug'),
  ('feature'),
  ('docs')
ON CONFLICT (label) DO NOTHING;
