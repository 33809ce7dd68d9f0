-- expect: rename-column
-- strata:up
ALTER TABLE tasks RENAME COLUMN title TO summary;

-- strata:down
ALTER TABLE tasks RENAME summary TO title;
