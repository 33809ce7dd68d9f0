-- expect: none
-- strata:up
-- The body mentions DELETE FROM and DROP TABLE, but only as text the function runs later on one row.
CREATE OR REPLACE FUNCTION documents_soft_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- instead of DELETE FROM documents, mark the row
    UPDATE documents SET deleted_at = now() WHERE id = OLD.id;
    RAISE NOTICE 'soft-deleted %, never DROP TABLE or TRUNCATE here', OLD.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER documents_soft_delete_trg
    BEFORE DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_soft_delete();

-- strata:down
DROP TRIGGER IF EXISTS documents_soft_delete_trg ON documents;
DROP FUNCTION IF EXISTS documents_soft_delete();
