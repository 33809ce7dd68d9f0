-- expect: update-without-where
-- strata:up
UPDATE customers SET segment = 'unassigned';
