-- expect: enum-modify
-- strata:up
-- 'refunded' moves to the refunds table; the member in the middle of the list is removed.
ALTER TABLE orders
  MODIFY status ENUM('pending', 'paid', 'shipped', 'delivered', 'cancelled') NOT NULL DEFAULT 'pending';
