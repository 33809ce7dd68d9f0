-- expect: utf8mb3-charset
-- strata:up
CREATE TABLE legacy_notes (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  body TEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

-- strata:down
DROP TABLE legacy_notes;
