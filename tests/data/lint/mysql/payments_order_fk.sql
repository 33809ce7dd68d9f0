-- expect: foreign-key-copies-table
-- strata:up
ALTER TABLE payments
  ADD CONSTRAINT fk_payments_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;

-- strata:down
ALTER TABLE payments DROP FOREIGN KEY fk_payments_order;
