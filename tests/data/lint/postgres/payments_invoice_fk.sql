-- expect: foreign-key-without-not-valid
-- strata:up
ALTER TABLE payments
    ADD CONSTRAINT payments_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES invoices (id);

-- strata:down
ALTER TABLE payments DROP CONSTRAINT payments_invoice_id_fkey;
