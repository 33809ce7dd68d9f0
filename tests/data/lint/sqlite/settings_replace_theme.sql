-- expect: none
-- strata:up
REPLACE INTO settings (key, value) VALUES ('theme', 'dark');

-- strata:down
REPLACE INTO settings (key, value) VALUES ('theme', 'light');
