-- expect: backfill-with-ddl
-- strata:up
ALTER TABLE public.invoices ADD COLUMN tax_cents bigint;
UPDATE invoices
   SET tax_cents = round(amount_cents * tax_rate)
 WHERE tax_cents IS NULL;
