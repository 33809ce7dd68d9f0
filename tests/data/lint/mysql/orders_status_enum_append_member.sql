-- expect: none
-- strata:up
-- status is ENUM('pending', 'paid', 'shipped', 'delivered') NOT NULL DEFAULT 'pending' today;
-- 'returned' is appended at the end of the list, which InnoDB does in place (instant).
ALTER TABLE orders
  MODIFY status ENUM('pending', 'paid', 'shipped', 'delivered', 'returned') NOT NULL DEFAULT 'pending';

-- strata:down
-- The extra member is harmless; it stays.
