-- expect: none
-- strata:up
CREATE SEQUENCE IF NOT EXISTS invoice_numbers START 1000;
CREATE TABLE IF NOT EXISTS invoices (
  id BIGINT PRIMARY KEY DEFAULT nextval('invoice_numbers'),
  customer_id BIGINT NOT NULL,
  amount_cents BIGINT NOT NULL
);
