-- expect: none
-- strata:up
DELIMITER //
CREATE TRIGGER trg_orders_before_update
BEFORE UPDATE ON orders
FOR EACH ROW
BEGIN
  IF NEW.status <> OLD.status THEN
    SET NEW.status_changed_at = NOW(6);
    INSERT INTO order_status_history (order_id, from_status, to_status, changed_at)
    VALUES (OLD.id, OLD.status, NEW.status, NOW(6));
  END IF;
END//
DELIMITER ;

-- strata:down
DROP TRIGGER IF EXISTS trg_orders_before_update;
