-- expect: none
-- strata:up
CREATE TABLE invoice_lines (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    description text NOT NULL,
    quantity integer NOT NULL,
    unit_price_cents bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id);
ALTER TABLE invoice_lines ADD CONSTRAINT invoice_lines_quantity_positive CHECK (quantity > 0);
ALTER TABLE invoice_lines ALTER COLUMN description SET NOT NULL;

-- strata:down
DROP TABLE invoice_lines;
