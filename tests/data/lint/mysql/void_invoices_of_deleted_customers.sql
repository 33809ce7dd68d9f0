-- expect: none
-- strata:up
UPDATE invoices
   SET status = 'void'
 WHERE status = 'open'
   AND customer_id IN (SELECT id FROM customers WHERE deleted_at IS NOT NULL);
