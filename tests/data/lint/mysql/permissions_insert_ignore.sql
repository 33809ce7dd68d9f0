-- expect: none
-- strata:up
INSERT IGNORE INTO permissions (name, description) VALUES
  ('reports.export', 'Download reports as CSV'),
  ('reports.schedule', 'Schedule recurring reports');

-- strata:down
DELETE FROM permissions WHERE name IN ('reports.export', 'reports.schedule');
