-- expect: drop-table, irreversible-down
-- strata:up
DROP TABLE legacy_payments;

-- strata:down
CREATE TABLE legacy_payments (
    id bigint PRIMARY KEY,
    invoice_id bigint NOT NULL,
    amount_cents bigint NOT NULL,
    paid_at timestamptz
);
