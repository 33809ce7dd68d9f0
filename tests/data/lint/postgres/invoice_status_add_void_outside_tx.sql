-- expect: none
-- strata:up transaction:false
ALTER TYPE invoice_status ADD VALUE IF NOT EXISTS 'void' AFTER 'paid';

-- strata:down
-- PostgreSQL cannot remove a value from an enum; 'void' stays unused after a rollback.
