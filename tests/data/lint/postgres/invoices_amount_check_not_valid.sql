-- expect: none
-- strata:up
-- Step 1 of 2: only new and updated rows are checked; 20260114093000 validates the old ones.
ALTER TABLE invoices
    ADD CONSTRAINT invoices_amount_nonnegative CHECK (amount_cents >= 0) NOT VALID;

-- strata:down
ALTER TABLE invoices DROP CONSTRAINT IF EXISTS invoices_amount_nonnegative;
