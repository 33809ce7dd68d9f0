-- expect: lock-table
-- strata:up
LOCK TABLES inventory WRITE;
UPDATE inventory SET reserved = 0 WHERE reserved < 0;
UNLOCK TABLES;
