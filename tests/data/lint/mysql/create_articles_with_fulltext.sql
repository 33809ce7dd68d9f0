-- expect: none
-- strata:up
CREATE TABLE articles (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  title VARCHAR(200) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  published_at DATETIME NULL,
  PRIMARY KEY (id),
  FULLTEXT KEY ft_articles_title_body (title, body)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- strata:down
DROP TABLE articles;
