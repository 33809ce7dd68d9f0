-- expect: none
-- strata:up
-- DROP TABLE users;   (this line is a comment, it never runs)
/* TRUNCATE sessions; DELETE FROM orders; */
INSERT INTO release_notes (version, body)
VALUES ('2026.1', 'Fixed: a report could show "DROP TABLE users; DELETE FROM orders" in its SQL preview'),
       ('2026.2', E'Admins can no longer TRUNCATE\taudit tables from the console');

-- strata:down
DELETE FROM release_notes WHERE version IN ('2026.1', '2026.2');
