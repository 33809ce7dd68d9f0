-- expect: none
-- strata:up
UPDATE invoices i
   SET customer_email = c.email
  FROM customers c
 WHERE c.id = i.customer_id
   AND i.customer_email IS NULL;
