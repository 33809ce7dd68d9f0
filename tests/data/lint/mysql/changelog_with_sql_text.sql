-- expect: none
-- strata:up
# DROP TABLE users;   (a comment: MySQL never runs it)
/* TRUNCATE TABLE sessions; */
INSERT INTO changelog (version, note) VALUES
  ('4.2.0', 'it''s fixed: the admin console no longer offers DROP TABLE users'),
  ('4.2.1', "DELETE FROM users is now blocked by a trigger");

-- strata:down
DELETE FROM changelog WHERE version IN ('4.2.0', '4.2.1');
