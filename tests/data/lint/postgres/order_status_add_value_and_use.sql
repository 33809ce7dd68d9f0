-- expect: enum-add-value-in-transaction
-- strata:up
ALTER TYPE order_status ADD VALUE 'partially_refunded';
UPDATE orders
   SET status = 'partially_refunded'
 WHERE refunded_cents > 0
   AND refunded_cents < total_cents;
