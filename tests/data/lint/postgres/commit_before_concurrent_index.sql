-- expect: transaction-control, concurrently-in-transaction
-- strata:up
INSERT INTO job_queues (name, concurrency) VALUES ('exports', 2);
COMMIT;
CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_queue_run_at_idx ON jobs (queue, run_at);
