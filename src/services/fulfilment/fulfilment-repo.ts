// Fulfilment tasks: one per request and system, written in the transaction of the decision
// that sets them off and worked after commit. Automated tasks are claimed with a lease, so a
// worker killed mid-call leaves a task another worker (or its own next start) takes up again.

import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from '../../db/client.js';
import type { Prisma } from '../../db/generated/client.js';
import { toDateColumn } from '../../db/date-columns.js';
import type { PlannedTask, TaskKind, TaskStatus } from '../../domain/fulfilment/plan-tasks.js';
import { OPEN_TASK_STATUSES } from '../../domain/fulfilment/plan-tasks.js';
import { TaskResultSchema, type TaskResult } from '../../domain/fulfilment/task-result.js';

/** Standard Webhooks message ids: `msg_` and a unique suffix, the same on every retry. */
function newWebhookId(): string {
  return `msg_${randomUUID().replaceAll('-', '')}`;
}

/** Inserts the planned tasks in one statement (a task already planned for the request and system is kept); answers the new ones. */
export async function insertPlannedTasks(
  tx: Transaction,
  {
    requestId,
    planned,
    dueDate,
    now,
  }: { requestId: string; planned: readonly PlannedTask[]; dueDate: string; now: Date },
): Promise<{ id: string; task: PlannedTask }[]> {
  const rows = planned.map((task) => ({
    id: randomUUID(),
    requestId,
    systemKey: task.systemKey,
    kind: task.kind,
    connector: task.execution,
    dueDate: toDateColumn(dueDate),
    webhookId: newWebhookId(),
    availableAt: now,
    createdAt: now,
    ...(task.retained && {
      status: 'done' as const,
      result: {
        outcome: 'retained',
        exception: task.retained.exception,
        explanation: task.retained.explanation,
      },
      finishedAt: now,
    }),
  }));
  const created = await tx.fulfilmentTask.createManyAndReturn({
    data: rows,
    skipDuplicates: true,
    select: { id: true },
  });
  const createdIds = new Set(created.map((row) => row.id));
  return rows.flatMap((row, index) =>
    createdIds.has(row.id) ? [{ id: row.id, task: planned[index]! }] : [],
  );
}

export async function countOpenTasks(db: Database | Transaction, requestId: string): Promise<number> {
  return db.fulfilmentTask.count({ where: { requestId, status: { in: [...OPEN_TASK_STATUSES] } } });
}

/** What each system answered, for the access report and the completion notice. */
export async function listTaskResults(
  tx: Database | Transaction,
  requestId: string,
): Promise<Array<{ systemKey: string; kind: string; status: string; result: TaskResult | null }>> {
  const rows = await tx.fulfilmentTask.findMany({
    where: { requestId },
    orderBy: [{ systemKey: 'asc' }, { kind: 'asc' }],
    select: { systemKey: true, kind: true, status: true, result: true },
  });
  return rows.map((row) => {
    const parsed = row.result === null ? null : TaskResultSchema.safeParse(row.result);
    return {
      systemKey: row.systemKey,
      kind: row.kind,
      status: row.status,
      result: parsed?.success ? parsed.data : null,
    };
  });
}

const TASK_VIEW_SELECT = {
  id: true,
  requestId: true,
  systemKey: true,
  kind: true,
  connector: true,
  status: true,
  dueDate: true,
  attempts: true,
  webhookId: true,
  result: true,
  lastError: true,
  note: true,
  createdAt: true,
  finishedAt: true,
  export: { select: { mediaType: true, byteSize: true, sha256: true, uploadedAt: true } },
  taskAttempts: {
    orderBy: { number: 'asc' },
    select: { number: true, startedAt: true, finishedAt: true, outcome: true, httpStatus: true, error: true },
  },
} as const satisfies Prisma.FulfilmentTaskSelect;

export type TaskRow = Prisma.FulfilmentTaskGetPayload<{ select: typeof TASK_VIEW_SELECT }>;

export async function listRequestTasks(db: Database | Transaction, requestId: string): Promise<TaskRow[]> {
  return db.fulfilmentTask.findMany({
    where: { requestId },
    orderBy: [{ dueDate: 'asc' }, { systemKey: 'asc' }],
    select: TASK_VIEW_SELECT,
  });
}

export async function findTask(db: Database | Transaction, taskId: string): Promise<TaskRow | null> {
  return db.fulfilmentTask.findUnique({ where: { id: taskId }, select: TASK_VIEW_SELECT });
}

/** Open tasks of the given systems (a system owner's), or of all when `systemKeys` is null; due first. */
export async function listOpenTasks(
  db: Database,
  { systemKeys, limit }: { systemKeys: readonly string[] | null; limit: number },
): Promise<(TaskRow & { request: { reference: string } })[]> {
  return db.fulfilmentTask.findMany({
    where: {
      status: { in: [...OPEN_TASK_STATUSES] },
      ...(systemKeys !== null && { systemKey: { in: [...systemKeys] } }),
    },
    orderBy: [{ dueDate: 'asc' }, { createdAt: 'asc' }],
    take: limit,
    select: { ...TASK_VIEW_SELECT, request: { select: { reference: true } } },
  });
}

/** An automated task a worker holds until `lockedUntil`. */
export interface ClaimedTask {
  id: string;
  requestId: string;
  systemKey: string;
  kind: TaskKind;
  connector: 'postgres' | 'webhook';
  attempts: number;
  webhookId: string;
  createdAt: Date;
  lockedUntil: Date;
  retryUntil: Date;
}

/**
 * Claims up to `limit` runnable automated tasks until `lockedUntil`, counting the attempt:
 * pending ones that are due, and running ones whose lease has lapsed (their worker died).
 * The retry period starts at the first claim.
 */
export async function claimRunnableTasks(
  db: Database,
  { now, lockedUntil, retryUntil, limit }: { now: Date; lockedUntil: Date; retryUntil: Date; limit: number },
): Promise<ClaimedTask[]> {
  return db.$queryRaw<ClaimedTask[]>`
    UPDATE fulfilment_tasks SET status = 'running', locked_until = ${lockedUntil}, attempts = attempts + 1,
      retry_until = coalesce(retry_until, ${retryUntil})
    WHERE id IN (
      SELECT id FROM fulfilment_tasks
      WHERE connector <> 'manual'
        AND ((status = 'pending' AND available_at <= ${now}) OR (status = 'running' AND locked_until <= ${now}))
      ORDER BY available_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, request_id AS "requestId", system_key AS "systemKey", kind, connector, attempts,
      webhook_id AS "webhookId", created_at AS "createdAt", locked_until AS "lockedUntil", retry_until AS "retryUntil"`;
}

export interface AttemptRecord {
  startedAt: Date;
  finishedAt: Date;
  outcome: 'succeeded' | 'accepted' | 'failed' | 'refused';
  httpStatus: number | null;
  error: string | null;
}

export type ClaimOutcome =
  | { status: 'done'; result: TaskResult }
  | { status: 'waiting_callback' }
  | { status: 'pending'; availableAt: Date; error: string }
  | { status: 'failed'; error: string };

/**
 * Writes a claimed task's outcome and its attempt, only while the claim still holds (the
 * same lease): answers false when another worker took the task over meanwhile.
 */
export async function settleClaimedTask(
  tx: Transaction,
  claimed: Pick<ClaimedTask, 'id' | 'lockedUntil' | 'attempts'>,
  outcome: ClaimOutcome,
  attempt: AttemptRecord,
): Promise<boolean> {
  const ended = outcome.status === 'done' || outcome.status === 'failed';
  const updated = await tx.fulfilmentTask.updateMany({
    where: { id: claimed.id, lockedUntil: claimed.lockedUntil, status: 'running' },
    data: {
      status: outcome.status,
      lockedUntil: null,
      ...(outcome.status === 'done' && { result: outcome.result as Prisma.InputJsonObject, lastError: null }),
      ...(outcome.status === 'pending' && { availableAt: outcome.availableAt, lastError: outcome.error }),
      ...(outcome.status === 'failed' && { lastError: outcome.error }),
      ...(ended && { finishedAt: attempt.finishedAt }),
    },
  });
  if (updated.count === 0) return false;
  await tx.fulfilmentTaskAttempt.create({
    data: { taskId: claimed.id, number: claimed.attempts, ...attempt },
  });
  return true;
}

/**
 * Ends an open task with its result (a receiver's callback, an owner's outcome), claimed by
 * its status: of two answers, one wins. Answers the task's request and system, or null.
 */
export async function completeOpenTask(
  tx: Transaction,
  {
    taskId,
    result,
    note,
    settledById,
    now,
    statuses,
  }: {
    taskId: string;
    result: TaskResult;
    note: string | null;
    settledById: string | null;
    now: Date;
    statuses: readonly TaskStatus[];
  },
): Promise<{ requestId: string; systemKey: string } | null> {
  const [row] = await tx.$queryRaw<{ requestId: string; systemKey: string }[]>`
    UPDATE fulfilment_tasks SET status = 'done', result = ${JSON.stringify(result)}::jsonb, note = ${note},
      settled_by_id = ${settledById}::uuid, finished_at = ${now}, locked_until = NULL, last_error = NULL
    WHERE id = ${taskId}::uuid AND status::text = ANY(${[...statuses]}::text[])
    RETURNING request_id AS "requestId", system_key AS "systemKey"`;
  return row ?? null;
}

export async function waiveOpenTask(
  tx: Transaction,
  {
    taskId,
    reason,
    settledById,
    now,
  }: { taskId: string; reason: string; settledById: string | null; now: Date },
): Promise<{ requestId: string; systemKey: string } | null> {
  const [row] = await tx.$queryRaw<{ requestId: string; systemKey: string }[]>`
    UPDATE fulfilment_tasks SET status = 'waived', note = ${reason}, settled_by_id = ${settledById}::uuid,
      finished_at = ${now}, locked_until = NULL
    WHERE id = ${taskId}::uuid AND status::text = ANY(${[...OPEN_TASK_STATUSES]}::text[])
    RETURNING request_id AS "requestId", system_key AS "systemKey"`;
  return row ?? null;
}

/** A failed automated task runs again now, with a fresh retry period and the same webhook-id. */
export async function retryFailedTask(
  tx: Transaction,
  { taskId, now }: { taskId: string; now: Date },
): Promise<{ requestId: string; systemKey: string } | null> {
  const [row] = await tx.$queryRaw<{ requestId: string; systemKey: string }[]>`
    UPDATE fulfilment_tasks SET status = 'pending', available_at = ${now}, retry_until = NULL, finished_at = NULL
    WHERE id = ${taskId}::uuid AND status = 'failed' AND connector <> 'manual'
    RETURNING request_id AS "requestId", system_key AS "systemKey"`;
  return row ?? null;
}

export async function insertTaskExport(
  tx: Transaction,
  upload: { taskId: string; mediaType: string; sha256: string; content: Uint8Array; uploadedAt: Date },
): Promise<void> {
  await tx.fulfilmentTaskExport.upsert({
    where: { taskId: upload.taskId },
    create: { ...upload, byteSize: upload.content.byteLength, content: new Uint8Array(upload.content) },
    update: { ...upload, byteSize: upload.content.byteLength, content: new Uint8Array(upload.content) },
  });
}

/** The uploaded export of a task, for the access report. */
export async function findTaskExport(db: Database | Transaction, taskId: string) {
  return db.fulfilmentTaskExport.findUnique({ where: { taskId } });
}

/** Who the request is about and its reference, loaded by a worker after the claim. */
export async function findTaskRequest(db: Database, requestId: string) {
  return db.privacyRequest.findUnique({
    where: { id: requestId },
    select: {
      reference: true,
      type: true,
      assigneeId: true,
      subject: {
        select: {
          email: true,
          phone: true,
          accountNumber: true,
          firstName: true,
          lastName: true,
          correction: true,
        },
      },
    },
  });
}

export interface RequestNeedingAttention {
  requestId: string;
  reference: string;
  failedTasks: number;
  overdueTasks: number;
}

/** Open requests with a failed or overdue task, nearest response deadline first. */
export async function listRequestsNeedingAttention(
  db: Database,
  { today, limit }: { today: string; limit: number },
): Promise<RequestNeedingAttention[]> {
  return db.$queryRaw<RequestNeedingAttention[]>`
    SELECT r.id AS "requestId", r.reference,
      count(*) FILTER (WHERE t.status = 'failed')::int AS "failedTasks",
      count(*) FILTER (WHERE t.status <> 'failed' AND t.due_date < ${today}::date)::int AS "overdueTasks"
    FROM fulfilment_tasks t JOIN privacy_requests r ON r.id = t.request_id
    WHERE t.status IN ('pending', 'running', 'waiting_callback', 'failed')
      AND (t.status = 'failed' OR t.due_date < ${today}::date)
      AND r.status IN ('verified', 'in_progress')
    GROUP BY r.id, r.reference, r.respond_by
    ORDER BY r.respond_by, r.id
    LIMIT ${limit}`;
}
