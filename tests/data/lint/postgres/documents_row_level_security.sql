-- expect: none
-- strata:up
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_tenant_isolation ON documents
    USING (tenant_id = current_setting('app.tenant_id')::bigint);

-- strata:down
DROP POLICY IF EXISTS documents_tenant_isolation ON documents;
ALTER TABLE documents DISABLE ROW LEVEL SECURITY;
