-- Workers are woken when a runnable task appears and none was waiting, no longer on every new
-- task: a transaction that notifies takes a database-wide lock at commit, so a notification
-- per officer's "start" queued every start's commit behind the others' (bench/fulfilment.ts).
-- A worker that is awake claims until nothing is runnable, so it finds the rest on its own;
-- every worker also polls at FULFILMENT_POLL_INTERVAL_MS, for a task that commits just as the
-- last awake worker stops.
DROP TRIGGER fulfilment_tasks_notify ON fulfilment_tasks;
DROP FUNCTION notify_fulfilment_tasks();

-- Whether runnable tasks other than `excluded` already wait: then no worker needs waking.
CREATE FUNCTION runnable_fulfilment_task_waits(excluded UUID[]) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT FROM fulfilment_tasks
    WHERE status = 'pending' AND connector <> 'manual' AND available_at <= now() AND id <> ALL(excluded)
  )
$$;

CREATE FUNCTION notify_new_fulfilment_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT FROM new_tasks WHERE status = 'pending' AND connector <> 'manual')
     AND NOT runnable_fulfilment_task_waits(ARRAY(SELECT id FROM new_tasks)) THEN
    PERFORM pg_notify('fulfilment_tasks', '');
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER fulfilment_tasks_notify_new
  AFTER INSERT ON fulfilment_tasks
  REFERENCING NEW TABLE AS new_tasks
  FOR EACH STATEMENT EXECUTE FUNCTION notify_new_fulfilment_tasks();

-- A task made runnable again now (an officer's retry); a retry with backoff is found by polling.
CREATE FUNCTION notify_runnable_fulfilment_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.available_at <= now() AND NOT runnable_fulfilment_task_waits(ARRAY[NEW.id]) THEN
    PERFORM pg_notify('fulfilment_tasks', '');
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER fulfilment_tasks_notify_runnable
  AFTER UPDATE OF status ON fulfilment_tasks
  FOR EACH ROW WHEN (NEW.status = 'pending' AND NEW.connector <> 'manual')
  EXECUTE FUNCTION notify_runnable_fulfilment_task();
