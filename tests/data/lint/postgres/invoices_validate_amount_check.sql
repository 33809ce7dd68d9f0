-- expect: none
-- strata:up
-- Step 2 of 2: SHARE UPDATE EXCLUSIVE only, reads and writes go on while the rows are checked.
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_amount_nonnegative;

-- strata:down
-- Nothing to undo: a validated constraint is dropped by the migration that added it.
