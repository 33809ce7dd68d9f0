-- expect: int-primary-key
-- strata:up
CREATE TABLE coupons (
  id INT(11) NOT NULL AUTO_INCREMENT,
  code VARCHAR(32) NOT NULL,
  percent_off TINYINT UNSIGNED NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_coupons_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- strata:down
DROP TABLE coupons;
