// What staff see of tasks: status, attempts and outcome, never the records a system returned
// (those reach the consumer in the access report only). System owners see the tasks of the
// systems the data map names them owner of; everyone else whom the access policy lets in sees all.

import { fromDateColumn } from '../../db/date-columns.js';
import { businessDateOf } from '../../domain/business-date.js';
import type { StaffRole } from '../../domain/access-policy.js';
import { NotFoundError } from '../../domain/errors.js';
import { isOpenTaskStatus, type TaskKind, type TaskStatus } from '../../domain/fulfilment/plan-tasks.js';
import { TaskResultSchema } from '../../domain/fulfilment/task-result.js';
import type { Dependencies } from '../dependencies.js';
import { findRequest } from '../requests/requests-repo.js';
import {
  listOpenTasks,
  listRequestsNeedingAttention,
  listRequestTasks,
  type RequestNeedingAttention,
  type TaskRow,
} from './fulfilment-repo.js';
import { findTaskOrThrow } from './task-actions.js';

/** Who is looking: a console user has an email that may own systems; an API token owns none. */
export interface TaskViewer {
  role: StaffRole;
  email: string | null;
}

export interface TaskView {
  id: string;
  requestId: string;
  systemKey: string;
  systemName: string;
  kind: TaskKind;
  connector: 'postgres' | 'webhook' | 'manual';
  status: TaskStatus;
  open: boolean;
  dueDate: string;
  overdue: boolean;
  attempts: number;
  webhookId: string;
  outcome: string | null;
  exception: string | null;
  lastError: string | null;
  note: string | null;
  createdAt: string;
  finishedAt: string | null;
  upload: { mediaType: string; byteSize: number; sha256: string; uploadedAt: string } | null;
  attemptHistory: {
    number: number;
    startedAt: string;
    finishedAt: string;
    outcome: string;
    httpStatus: number | null;
    error: string | null;
  }[];
}

/** The systems `viewer` owns, or null when they may see every system's tasks. */
export function ownedSystemKeys(deps: Pick<Dependencies, 'dataMap'>, viewer: TaskViewer): string[] | null {
  if (viewer.role !== 'system_owner') return null;
  const email = viewer.email?.toLowerCase();
  return deps.dataMap.systems
    .filter((system) => email && system.owner?.toLowerCase() === email)
    .map((system) => system.key);
}

export function taskViewOf(deps: Pick<Dependencies, 'dataMap'>, row: TaskRow, today: string): TaskView {
  const result = row.result === null ? null : TaskResultSchema.safeParse(row.result);
  const dueDate = fromDateColumn(row.dueDate);
  const open = isOpenTaskStatus(row.status);
  return {
    id: row.id,
    requestId: row.requestId,
    systemKey: row.systemKey,
    systemName: deps.dataMap.systems.find((system) => system.key === row.systemKey)?.name ?? row.systemKey,
    kind: row.kind,
    connector: row.connector,
    status: row.status,
    open,
    dueDate,
    overdue: open && dueDate < today,
    attempts: row.attempts,
    webhookId: row.webhookId,
    outcome: result?.success ? result.data.outcome : null,
    exception: result?.success ? (result.data.exception ?? null) : null,
    lastError: row.lastError,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    upload: row.export && { ...row.export, uploadedAt: row.export.uploadedAt.toISOString() },
    attemptHistory: row.taskAttempts.map((attempt) => ({
      ...attempt,
      startedAt: attempt.startedAt.toISOString(),
      finishedAt: attempt.finishedAt.toISOString(),
    })),
  };
}

/** A request's tasks as `viewer` may see them; NotFoundError for an unknown request. */
export async function listTasksOfRequest(
  deps: Pick<Dependencies, 'db' | 'dataMap'>,
  { requestId, viewer, today }: { requestId: string; viewer: TaskViewer; today: string },
): Promise<TaskView[]> {
  if ((await findRequest(deps.db, requestId)) === null) {
    throw new NotFoundError('REQUEST.NOT_FOUND', 'No such request', { requestId });
  }
  const owned = ownedSystemKeys(deps, viewer);
  const rows = await listRequestTasks(deps.db, requestId);
  return rows
    .filter((row) => owned === null || owned.includes(row.systemKey))
    .map((row) => taskViewOf(deps, row, today));
}

/** Open tasks, due first, for the console's task list. */
export async function listOpenTasksFor(
  deps: Pick<Dependencies, 'db' | 'dataMap'>,
  { viewer, today, limit }: { viewer: TaskViewer; today: string; limit: number },
): Promise<(TaskView & { reference: string })[]> {
  const rows = await listOpenTasks(deps.db, { systemKeys: ownedSystemKeys(deps, viewer), limit });
  return rows.map((row) => ({ ...taskViewOf(deps, row, today), reference: row.request.reference }));
}

/** A task `viewer` may act on; someone else's is a 404, as an unknown one is. */
export async function findTaskFor(
  deps: Pick<Dependencies, 'db' | 'dataMap'>,
  { taskId, viewer }: { taskId: string; viewer: TaskViewer },
): Promise<TaskRow> {
  const task = await findTaskOrThrow(deps, taskId);
  const owned = ownedSystemKeys(deps, viewer);
  if (owned !== null && !owned.includes(task.systemKey)) {
    throw new NotFoundError('FULFILMENT.TASK_NOT_FOUND', 'No such task', { taskId });
  }
  return task;
}

const ATTENTION_LIMIT = 20;

/** Requests lifted above the queue: a task failed, or is past its due date. */
export async function listRequestsWithTasksNeedingAttention(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
): Promise<RequestNeedingAttention[]> {
  const today = businessDateOf(deps.clock.now(), deps.policy.lifecycle.timeZone);
  return listRequestsNeedingAttention(deps.db, { today, limit: ATTENTION_LIMIT });
}
