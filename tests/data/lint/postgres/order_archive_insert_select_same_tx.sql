-- expect: backfill-with-ddl
-- strata:up
ALTER TABLE order_archive ADD COLUMN archived_by text;
INSERT INTO order_archive (id, customer_id, total_cents, archived_by)
SELECT id, customer_id, total_cents, 'migration-20260215'
  FROM orders
 WHERE status = 'closed'
   AND closed_at < now() - interval '2 years';

-- strata:down
DELETE FROM order_archive WHERE archived_by = 'migration-20260215';
ALTER TABLE order_archive DROP COLUMN archived_by;
