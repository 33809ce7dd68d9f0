-- expect: none
-- strata:up transaction:false
VACUUM INTO '/var/backups/app-before-2026-02.db';
