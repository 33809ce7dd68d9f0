-- expect: none
-- strata:up
-- The body's UPDATE and DELETE run per row, later; they are not this migration's.
CREATE TRIGGER orders_touch AFTER UPDATE OF status ON orders
BEGIN
  UPDATE orders SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
  DELETE FROM cart_items WHERE order_id = NEW.id AND NEW.status = 'paid';
END;

-- strata:down
DROP TRIGGER IF EXISTS orders_touch;
