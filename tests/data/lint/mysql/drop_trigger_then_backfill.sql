-- expect: implicit-commit
-- strata:up
DROP TRIGGER IF EXISTS trg_orders_touch;
UPDATE orders SET updated_at = created_at WHERE updated_at IS NULL;

-- strata:down
DELIMITER $$
CREATE TRIGGER trg_orders_touch BEFORE UPDATE ON orders
FOR EACH ROW
BEGIN
  SET NEW.updated_at = NOW();
END$$
DELIMITER ;
