-- expect: drop-table
-- strata:up
-- A DO block runs now, unlike a function body.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'legacy_shipments') THEN
        EXECUTE 'DROP TABLE legacy_shipments';
    END IF;
END
$$;
