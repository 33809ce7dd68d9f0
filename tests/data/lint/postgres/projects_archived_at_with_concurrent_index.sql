-- expect: none
-- strata:up transaction:false
SET lock_timeout = '5s';
ALTER TABLE projects ADD COLUMN IF NOT EXISTS archived_at timestamptz;
CREATE INDEX CONCURRENTLY IF NOT EXISTS projects_active_idx ON projects (tenant_id) WHERE archived_at IS NULL;
