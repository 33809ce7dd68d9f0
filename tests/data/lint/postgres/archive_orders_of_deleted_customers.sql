-- expect: none
-- strata:up
UPDATE orders
   SET status = 'archived'
 WHERE id IN (SELECT o.id
                FROM orders o
                JOIN customers c ON c.id = o.customer_id
               WHERE c.deleted_at IS NOT NULL)
   AND status <> 'archived';

-- strata:down
-- Archiving is one-way; the customers are gone.
