-- expect: none
-- strata:up
-- With foreign_key_checks off InnoDB adds the foreign key in place, without copying the table.
SET FOREIGN_KEY_CHECKS = 0;
ALTER TABLE refunds
  ADD CONSTRAINT fk_refunds_payment FOREIGN KEY (payment_id) REFERENCES payments (id),
  ALGORITHM=INPLACE, LOCK=NONE;
SET FOREIGN_KEY_CHECKS = 1;

-- strata:down
ALTER TABLE refunds DROP FOREIGN KEY fk_refunds_payment;
