// Fulfilment tasks: one per request and system, written in the transaction of the decision
// that sets them off and worked after commit. Automated tasks are claimed with a lease, so a
// worker killed mid-call leaves a task another worker (or its own next start) takes up again.

import { randomUUID } from 'node:crypto';
import { PREPARED, queryRows, type Database, type Transaction } from '../../db/client.js';
import { Prisma } from '../../db/generated/client.js';
import type { PlannedTask, TaskKind, TaskStatus } from '../../domain/fulfilment/plan-tasks.js';
import { OPEN_TASK_STATUSES } from '../../domain/fulfilment/plan-tasks.js';
import { TaskResultSchema, type TaskResult } from '../../domain/fulfilment/task-result.js';
import type { RequestType } from '../../domain/request-types.js';
import {
  appendAuditEvents,
  insertAuditEventsSql,
  insertKeyedAuditEventsSql,
  type AuditAppend,
} from '../audit/audit-log-repo.js';
import {
  enqueueOutboxMessages,
  insertKeyedOutboxMessagesSql,
  insertOutboxMessagesSql,
  type OutboxMessageInput,
} from '../notices/outbox-repo.js';

/** Standard Webhooks message ids: `msg_` and a unique suffix, the same on every retry. */
function newWebhookId(): string {
  return `msg_${randomUUID().replaceAll('-', '')}`;
}

/** What is written with newly planned tasks: their audit event and mail. */
export type PlannedTaskRecords = (inserted: readonly { id: string; task: PlannedTask }[]) => {
  audit: AuditAppend;
  outbox: readonly OutboxMessageInput[];
};

/** Tasks to insert for one request. */
export interface PlannedTaskInsert {
  requestId: string;
  planned: readonly PlannedTask[];
  dueDate: string;
  now: Date;
}

/**
 * Inserts the planned tasks (a task already planned for the request and system is kept) and
 * answers the new ones, writing with them what `recordsOf` says. When every task is new
 * that is ONE statement; when only some are (a plan made again), their records follow in the
 * same transaction.
 */
export async function insertPlannedTasks(
  tx: Transaction,
  { requestId, planned, dueDate, now }: PlannedTaskInsert,
  recordsOf: PlannedTaskRecords,
): Promise<{ id: string; task: PlannedTask }[]> {
  const rows = planned.map((task) => ({ id: randomUUID(), task }));
  const all = recordsOf(rows);
  const allNew = Prisma.sql`(SELECT count(*) FROM inserted) = ${rows.length}`;
  const records = [
    all.audit.events.length > 0 && Prisma.sql`audit AS (${insertAuditEventsSql(all.audit, allNew)})`,
    all.outbox.length > 0 && Prisma.sql`outbox AS (${insertOutboxMessagesSql(all.outbox, now, allNew)})`,
  ].filter((cte): cte is Prisma.Sql => cte instanceof Prisma.Sql);
  const inserted = await tx.$queryRaw<{ id: string }[]>`${PREPARED}
    WITH inserted AS (
      ${insertTasksSql({ requestId, rows, dueDate, now })}
      ON CONFLICT DO NOTHING
      RETURNING id
    )${records.length === 0 ? Prisma.empty : Prisma.sql`, ${Prisma.join(records, ', ')}`}
    SELECT id FROM inserted`;
  const insertedIds = new Set(inserted.map((row) => row.id));
  const added = rows.filter((row) => insertedIds.has(row.id));
  if (added.length > 0 && added.length < rows.length) {
    const some = recordsOf(added);
    await appendAuditEvents(tx, some.audit);
    await enqueueOutboxMessages(tx, some.outbox, now);
  }
  return added;
}

/** Tasks work starting plans, for the statement of the decision that starts it. */
export interface StartedTasks {
  /** Their audit event and mail, written by the decision with its own. */
  records: ReturnType<PlannedTaskRecords>;
  /** The insert, as a CTE written when `when` holds. */
  sql: (when: Prisma.Sql) => Prisma.Sql;
}

/**
 * The tasks work starting plans, written in the statement of the decision that starts it (one
 * round trip for an officer's "start", bench/fulfilment.ts). Work starts once, so its tasks are
 * all new: a task already there fails the whole decision rather than leave it half recorded.
 */
export function startedTasksOf(
  { requestId, planned, dueDate, now }: PlannedTaskInsert,
  recordsOf: PlannedTaskRecords,
): StartedTasks {
  const rows = planned.map((task) => ({ id: randomUUID(), task }));
  return {
    records: recordsOf(rows),
    sql: (when) => Prisma.sql`started_task AS (${insertTasksSql({ requestId, rows, dueDate, now }, when)})`,
  };
}

function insertTasksSql(
  {
    requestId,
    rows,
    dueDate,
    now,
  }: { requestId: string; rows: readonly { id: string; task: PlannedTask }[]; dueDate: string; now: Date },
  when: Prisma.Sql = Prisma.sql`true`,
): Prisma.Sql {
  const planned = rows.map((row) => row.task);
  return Prisma.sql`
    INSERT INTO fulfilment_tasks (id, request_id, system_key, kind, connector, status, due_date, webhook_id,
      available_at, created_at, result, finished_at)
    SELECT task.id, ${requestId}::uuid, task.system_key, task.kind::"FulfilmentTaskKind",
      task.connector::"FulfilmentConnectorKind", task.status::"FulfilmentTaskStatus", ${dueDate}::date,
      task.webhook_id, ${now}::timestamptz, ${now}::timestamptz, task.result,
      CASE WHEN task.status = 'done' THEN ${now}::timestamptz END
    FROM unnest(${rows.map((row) => row.id)}::uuid[], ${planned.map((task) => task.systemKey)}::text[],
      ${planned.map((task) => task.kind)}::text[], ${planned.map((task) => task.execution)}::text[],
      ${planned.map((task) => (task.retained === undefined ? 'pending' : 'done'))}::text[],
      ${planned.map(() => newWebhookId())}::text[], ${planned.map(retainedResultOf)}::jsonb[])
      AS task (id, system_key, kind, connector, status, webhook_id, result)
    WHERE ${when}`;
}

/** A task the system keeps its data for is done at once, with that as its result. */
function retainedResultOf(task: PlannedTask): string | null {
  return task.retained === undefined
    ? null
    : JSON.stringify({
        outcome: 'retained',
        exception: task.retained.exception,
        explanation: task.retained.explanation,
      });
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

/** Who a task's request is about, read with the claim: the task row holds ids only. */
export interface TaskRequest {
  reference: string;
  type: RequestType;
  /** Null once the request's personal data has been purged. */
  subject: {
    email: string | null;
    phone: string | null;
    accountNumber: string | null;
    firstName: string | null;
    lastName: string | null;
    correction: unknown;
  } | null;
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
  request: TaskRequest;
}

type ClaimedRow = Omit<ClaimedTask, 'request'> &
  Pick<TaskRequest, 'reference' | 'type'> & { hasSubject: boolean } & NonNullable<TaskRequest['subject']>;

/** A claim's terms: until when it holds, and the retry period a first claim starts. */
export interface ClaimTerms {
  now: Date;
  lockedUntil: Date;
  retryUntil: Date;
  limit: number;
}

/**
 * Claims up to `limit` runnable automated tasks until `lockedUntil`, counting the attempt:
 * pending ones that are due, and running ones whose lease has lapsed (their worker died).
 * The retry period starts at the first claim. The same statement reads who each request is
 * about, so a task costs no further round trip before its call.
 */
export async function claimRunnableTasks(db: Database, terms: ClaimTerms): Promise<ClaimedTask[]> {
  const { next } = await settleClaimedTasks(db, { settlements: [], now: terms.now, claimNext: terms });
  return next;
}

/**
 * The claim, as a CTE named `claimed`; `except` are tasks the same statement settles. Tasks
 * whose worker died come first, then due ones in order, each read through its own partial
 * index so that a claim costs the same however long the queue (bench/fulfilment.ts).
 */
function claimedCte({ now, lockedUntil, retryUntil, limit }: ClaimTerms, except: readonly string[]) {
  return Prisma.sql`claim_lapsed AS (
      SELECT id FROM fulfilment_tasks
      WHERE status = 'running' AND connector <> 'manual' AND locked_until <= ${now}
        AND id <> ALL(${except}::uuid[])
      LIMIT ${limit}::int
      FOR UPDATE SKIP LOCKED
    ), claim_due AS (
      SELECT id FROM fulfilment_tasks
      WHERE status = 'pending' AND connector <> 'manual' AND available_at <= ${now}
        AND id <> ALL(${except}::uuid[])
      ORDER BY available_at
      LIMIT greatest(${limit}::int - (SELECT count(*) FROM claim_lapsed), 0)
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE fulfilment_tasks SET status = 'running', locked_until = ${lockedUntil}, attempts = attempts + 1,
        retry_until = coalesce(retry_until, ${retryUntil})
      WHERE id IN (SELECT id FROM claim_lapsed UNION ALL SELECT id FROM claim_due)
      RETURNING *
    )`;
}

const CLAIMED_TASK_COLUMNS = Prisma.sql`t.id, t.request_id AS "requestId", t.system_key AS "systemKey",
  t.kind::text AS kind, t.connector::text AS connector, t.attempts, t.webhook_id AS "webhookId",
  t.created_at AS "createdAt", t.locked_until AS "lockedUntil", t.retry_until AS "retryUntil", r.reference,
  r.type::text AS type, s.id IS NOT NULL AS "hasSubject", s.email, s.phone, s.account_number AS "accountNumber",
  s.first_name AS "firstName", s.last_name AS "lastName", s.correction`;

function claimedTaskOf({
  reference,
  type,
  hasSubject,
  email,
  phone,
  accountNumber,
  firstName,
  lastName,
  correction,
  ...task
}: ClaimedRow): ClaimedTask {
  return {
    ...task,
    request: {
      reference,
      type,
      subject: hasSubject ? { email, phone, accountNumber, firstName, lastName, correction } : null,
    },
  };
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

/** What a worker records of one call: the task's next state, the attempt, and what goes with them. */
export interface TaskSettlement {
  task: Pick<ClaimedTask, 'id' | 'systemKey' | 'lockedUntil' | 'attempts'>;
  outcome: ClaimOutcome;
  attempt: AttemptRecord;
  audit: AuditAppend;
  outbox: readonly OutboxMessageInput[];
}

/**
 * Writes the outcomes of claimed tasks, their attempts, and the audit events and mail that
 * go with them, each only while its claim still holds (the same lease), in ONE statement (its
 * own transaction): a task another worker took over meanwhile is left as that worker has it
 * and is not in `settled`. With `claimNext`, the same statement claims up to its `limit` next
 * runnable tasks (never one it settles), answered as `next`: a worker records the calls that
 * ended while its last statement ran and refills its free call slots in one round trip.
 */
export async function settleClaimedTasks(
  db: Database,
  {
    settlements,
    now,
    claimNext,
  }: { settlements: readonly TaskSettlement[]; now: Date; claimNext?: ClaimTerms },
): Promise<{ settled: Set<string>; next: ClaimedTask[] }> {
  const ids = settlements.map(({ task }) => task.id);
  const column = <T>(value: (settlement: TaskSettlement) => T) => settlements.map(value);
  const whenSettled = (key: Prisma.Sql) => Prisma.sql`${key}::uuid IN (SELECT id FROM settled)`;
  const claim = claimNext ?? { now, lockedUntil: now, retryUntil: now, limit: 0 };
  const rows = await queryRows<{ settled: string[] | null } & Partial<ClaimedRow>>(
    db,
    Prisma.sql`${PREPARED}
    WITH outcome AS (
      SELECT * FROM unnest(${ids}::uuid[], ${column(({ task }) => task.lockedUntil)}::timestamptz[],
        ${column(({ outcome }) => outcome.status)}::text[],
        ${column(({ outcome }) => (outcome.status === 'done' ? JSON.stringify(outcome.result) : null))}::jsonb[],
        ${column(({ outcome }) => (outcome.status === 'pending' ? outcome.availableAt : null))}::timestamptz[],
        ${column(({ outcome }) => ('error' in outcome ? outcome.error : null))}::text[],
        ${column(({ attempt }) => attempt.finishedAt)}::timestamptz[])
        AS outcome (id, locked_until, status, result, available_at, error, finished_at)
    ), settled AS (
      UPDATE fulfilment_tasks t SET status = o.status::"FulfilmentTaskStatus", locked_until = NULL,
        result = CASE WHEN o.status = 'done' THEN o.result ELSE t.result END,
        last_error = CASE o.status WHEN 'done' THEN NULL WHEN 'waiting_callback' THEN t.last_error ELSE o.error END,
        available_at = coalesce(o.available_at, t.available_at),
        finished_at = CASE WHEN o.status IN ('done', 'failed') THEN o.finished_at ELSE t.finished_at END
      FROM outcome o
      WHERE t.id = o.id AND t.locked_until = o.locked_until AND t.status = 'running'
      RETURNING t.id
    ), attempt AS (
      INSERT INTO fulfilment_task_attempts (id, task_id, number, started_at, finished_at, outcome, http_status, error)
      SELECT attempt.* FROM unnest(${column(() => randomUUID())}::uuid[], ${ids}::uuid[],
        ${column(({ task }) => task.attempts)}::int[], ${column(({ attempt }) => attempt.startedAt)}::timestamptz[],
        ${column(({ attempt }) => attempt.finishedAt)}::timestamptz[], ${column(({ attempt }) => attempt.outcome)}::text[],
        ${column(({ attempt }) => attempt.httpStatus)}::int[], ${column(({ attempt }) => attempt.error)}::text[])
        AS attempt (id, task_id, number, started_at, finished_at, outcome, http_status, error)
      WHERE attempt.task_id IN (SELECT id FROM settled)
    ), audit AS (${insertKeyedAuditEventsSql(
      settlements.map(({ task, audit }) => ({ key: task.id, append: audit })),
      whenSettled,
    )}
    ), outbox AS (${insertKeyedOutboxMessagesSql(
      settlements.flatMap(({ task, outbox }) => outbox.map((message) => ({ key: task.id, message }))),
      now,
      whenSettled,
    )}
    ), ${claimedCte(claim, ids)}
    SELECT ARRAY(SELECT id FROM settled) AS settled, ${CLAIMED_TASK_COLUMNS}
    FROM (SELECT) AS statement LEFT JOIN (claimed t
      JOIN privacy_requests r ON r.id = t.request_id
      LEFT JOIN request_subjects s ON s.request_id = t.request_id) ON true`,
  );
  return {
    settled: new Set(rows[0]?.settled ?? []),
    next: rows.flatMap((row) =>
      row.id === undefined || row.id === null ? [] : [claimedTaskOf(row as ClaimedRow)],
    ),
  };
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
