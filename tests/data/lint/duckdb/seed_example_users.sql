-- expect: none
-- strata:up
INSERT INTO users (id, email, name) VALUES
  (1, 'ada@example.com', 'Ada'),
  (2, 'grace@example.org', 'Grace');

-- strata:down
DELETE FROM users WHERE id IN (1, 2);
