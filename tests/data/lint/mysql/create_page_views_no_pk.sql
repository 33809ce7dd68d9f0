-- expect: create-table-without-primary-key
-- strata:up
CREATE TABLE page_views (
  url VARCHAR(500) NOT NULL,
  user_id BIGINT UNSIGNED NULL,
  viewed_at DATETIME NOT NULL,
  KEY idx_page_views_viewed_at (viewed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- strata:down
DROP TABLE page_views;
