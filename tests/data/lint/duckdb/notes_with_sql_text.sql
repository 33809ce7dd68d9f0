-- expect: none
-- strata:up
SELECT 'TRUNCATE users' AS reminder;
-- DROP TABLE orders;
INSERT INTO notebook_cells (notebook, body)
VALUES ('cleanup', 'DROP TABLE orders; DELETE FROM events; -- do not run');

-- strata:down
DELETE FROM notebook_cells WHERE notebook = 'cleanup';
