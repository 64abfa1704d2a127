-- CreateEnum
CREATE TYPE "FulfilmentTaskKind" AS ENUM ('access', 'delete', 'correct', 'notify_opt_out', 'notify_delete');

-- CreateEnum
CREATE TYPE "FulfilmentTaskStatus" AS ENUM ('pending', 'running', 'waiting_callback', 'done', 'failed', 'waived');

-- CreateEnum
CREATE TYPE "FulfilmentConnectorKind" AS ENUM ('postgres', 'webhook', 'manual');

-- AlterEnum
ALTER TYPE "ApiTokenRole" ADD VALUE 'system_owner';

-- AlterEnum
ALTER TYPE "StaffRole" ADD VALUE 'system_owner';

-- CreateTable
CREATE TABLE "fulfilment_tasks" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "system_key" TEXT NOT NULL,
    "kind" "FulfilmentTaskKind" NOT NULL,
    "connector" "FulfilmentConnectorKind" NOT NULL,
    "status" "FulfilmentTaskStatus" NOT NULL DEFAULT 'pending',
    "due_date" DATE NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "webhook_id" TEXT NOT NULL,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "retry_until" TIMESTAMPTZ(3),
    "result" JSONB,
    "last_error" TEXT,
    "note" TEXT,
    "settled_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "fulfilment_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fulfilment_task_attempts" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "http_status" INTEGER,
    "error" TEXT,

    CONSTRAINT "fulfilment_task_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fulfilment_task_exports" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "media_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "content" BYTEA NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "fulfilment_task_exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "fulfilment_tasks_webhook_id_key" ON "fulfilment_tasks"("webhook_id");

-- CreateIndex
CREATE INDEX "fulfilment_tasks_status_available_at_idx" ON "fulfilment_tasks"("status", "available_at");

-- CreateIndex
CREATE INDEX "fulfilment_tasks_system_key_status_due_date_idx" ON "fulfilment_tasks"("system_key", "status", "due_date");

-- CreateIndex
CREATE UNIQUE INDEX "fulfilment_tasks_request_id_system_key_kind_key" ON "fulfilment_tasks"("request_id", "system_key", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "fulfilment_task_attempts_task_id_number_key" ON "fulfilment_task_attempts"("task_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "fulfilment_task_exports_task_id_key" ON "fulfilment_task_exports"("task_id");

-- AddForeignKey
ALTER TABLE "fulfilment_tasks" ADD CONSTRAINT "fulfilment_tasks_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fulfilment_task_attempts" ADD CONSTRAINT "fulfilment_task_attempts_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "fulfilment_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fulfilment_task_exports" ADD CONSTRAINT "fulfilment_task_exports_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "fulfilment_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every instance's fulfilment worker LISTENs on "fulfilment_tasks": a task that becomes
-- runnable (a new automated task, a retry) or an outbox row asking for tasks to be planned
-- wakes them all at commit. Manual tasks wait for their owner and wake nobody.
CREATE FUNCTION notify_fulfilment_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('fulfilment_tasks', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER fulfilment_tasks_notify
  AFTER INSERT OR UPDATE OF status ON fulfilment_tasks
  FOR EACH ROW WHEN (NEW.status = 'pending' AND NEW.connector <> 'manual')
  EXECUTE FUNCTION notify_fulfilment_tasks();

CREATE FUNCTION notify_fulfilment_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT FROM inserted_messages WHERE topic LIKE 'fulfilment.%') THEN
    PERFORM pg_notify('fulfilment_tasks', '');
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_messages_notify_fulfilment
  AFTER INSERT ON outbox_messages
  REFERENCING NEW TABLE AS inserted_messages
  FOR EACH STATEMENT EXECUTE FUNCTION notify_fulfilment_outbox();

-- The worker claims runnable automated tasks in due order.
CREATE INDEX fulfilment_tasks_runnable ON fulfilment_tasks (available_at)
  WHERE status = 'pending' AND connector <> 'manual';

-- The queue lifts requests whose tasks failed or are overdue: open tasks by due date.
CREATE INDEX fulfilment_tasks_open_due ON fulfilment_tasks (due_date)
  WHERE status IN ('pending', 'running', 'waiting_callback', 'failed');
