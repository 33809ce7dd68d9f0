-- expect: none
-- strata:up
UPDATE settings
   SET value = JSON_SET(value, '$.theme', 'dark', '$.density', 'compact')
 WHERE name = 'ui_defaults';

-- strata:down
UPDATE settings
   SET value = JSON_REMOVE(value, '$.theme', '$.density')
 WHERE name = 'ui_defaults';
