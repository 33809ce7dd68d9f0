-- expect: drop-table, irreversible-down
-- strata:up
DROP TABLE IF EXISTS old_carts;

-- strata:down
CREATE TABLE old_carts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NULL,
  payload JSON NULL,
  updated_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
