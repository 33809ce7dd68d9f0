-- expect: update-without-where
-- strata:up
WITH totals AS (
  SELECT account_id, sum(amount_cents) AS total FROM ledger_entries GROUP BY account_id
)
UPDATE accounts
   SET balance_cents = coalesce((SELECT total FROM totals WHERE totals.account_id = accounts.id), 0);
