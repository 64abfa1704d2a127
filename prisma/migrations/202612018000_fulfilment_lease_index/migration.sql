-- The worker claims due tasks through fulfilment_tasks_runnable and takes over lapsed leases
-- through this smaller index of running tasks alone: every change of a task's status no longer
-- writes an entry in an index of all statuses (bench/fulfilment.ts).
DROP INDEX "fulfilment_tasks_status_available_at_idx";

CREATE INDEX fulfilment_tasks_leased ON fulfilment_tasks (locked_until) WHERE status = 'running';
