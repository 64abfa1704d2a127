// What staff do to a task: retry a failed one, waive one with a reason, or record the outcome
// of a manual one. Each is one transaction with its audit event; a task that ended meanwhile
// is refused with FULFILMENT.TASK_NOT_OPEN.

import { z } from 'zod';
import type { Actor, AuditEntry } from '../../domain/audit-events.js';
import { sha256Of } from '../../domain/audit-events.js';
import { DELETION_EXCEPTIONS } from '../../domain/lifecycle/denial-rules.js';
import { NotFoundError, RuleConflictError } from '../../domain/errors.js';
import { recordsOfRow } from '../../domain/fulfilment/records.js';
import type { TaskResult } from '../../domain/fulfilment/task-result.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { hashToken } from '../../secrets.js';
import { rowsOfExport, type ExportMediaType } from './export-type.js';
import {
  completeOpenTask,
  findTask,
  insertTaskExport,
  retryFailedTask,
  waiveOpenTask,
  type TaskRow,
} from './fulfilment-repo.js';
import { storableText } from '../../domain/storable-text.js';

const reasonText = storableText().trim().min(3).max(2000);

export const WaiveTaskInputSchema = z.object({ reason: reasonText });
export type WaiveTaskInput = z.infer<typeof WaiveTaskInputSchema>;

/** What an owner (or officer) records for a task done by hand. */
export const ManualOutcomeInputSchema = z
  .object({
    outcome: z.enum(['done', 'no_data', 'retained', 'deleted', 'corrected']),
    exception: z.enum(DELETION_EXCEPTIONS).optional(),
    note: storableText()
      .trim()
      .max(2000)
      .transform((value) => (value === '' ? undefined : value))
      .optional(),
  })
  .refine((input) => input.outcome !== 'retained' || input.exception !== undefined, {
    error: 'name the legal basis for keeping the data (Civ. 1798.105(d))',
    path: ['exception'],
  });
export type ManualOutcomeInput = z.infer<typeof ManualOutcomeInputSchema>;

type TaskDependencies = Pick<Dependencies, 'db' | 'clock'>;

export async function findTaskOrThrow(deps: Pick<Dependencies, 'db'>, taskId: string): Promise<TaskRow> {
  const task = await findTask(deps.db, taskId);
  if (task === null) throw new NotFoundError('FULFILMENT.TASK_NOT_FOUND', 'No such task', { taskId });
  return task;
}

function notOpen(taskId: string): RuleConflictError {
  return new RuleConflictError('FULFILMENT.TASK_NOT_OPEN', 'The task is not open for this action', {
    taskId,
  });
}

export async function retryTask(deps: TaskDependencies, { taskId, actor }: { taskId: string; actor: Actor }) {
  await findTaskOrThrow(deps, taskId);
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const task = await retryFailedTask(tx, { taskId, now });
    if (task === null) throw notOpen(taskId);
    const events = [
      { action: 'fulfilment.task_retried' as const, payload: { taskId, systemKey: task.systemKey } },
    ];
    await appendAuditEvents(tx, { actor, requestId: task.requestId, events });
  });
  return findTaskOrThrow(deps, taskId);
}

export async function waiveTask(
  deps: TaskDependencies,
  {
    taskId,
    input,
    actor,
  }: { taskId: string; input: WaiveTaskInput; actor: Actor & { type: 'staff' | 'api_token' } },
) {
  await findTaskOrThrow(deps, taskId);
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const task = await waiveOpenTask(tx, {
      taskId,
      reason: input.reason,
      settledById: actor.type === 'staff' ? actor.id : null,
      now,
    });
    if (task === null) throw notOpen(taskId);
    const payload = { taskId, systemKey: task.systemKey, reasonSha256: sha256Of(input.reason) };
    await appendAuditEvents(tx, {
      actor,
      requestId: task.requestId,
      events: [{ action: 'fulfilment.task_waived', payload }],
    });
  });
  return findTaskOrThrow(deps, taskId);
}

/**
 * Records the outcome of a manual task (or of any open task an officer settles by hand), with
 * the export the owner uploaded (type already checked by content), in one transaction. The rows
 * of an access task's CSV or JSON export become its records, under the data map's categories
 * and with the values it withholds replaced, so the access report shows them.
 */
export async function completeTask(
  deps: TaskDependencies & Pick<Dependencies, 'dataMap'>,
  {
    taskId,
    input,
    actor,
    upload,
  }: {
    taskId: string;
    input: ManualOutcomeInput;
    actor: Actor;
    upload?: { mediaType: ExportMediaType; content: Buffer } | undefined;
  },
) {
  const found = await findTaskOrThrow(deps, taskId);
  const now = deps.clock.now();
  const system = deps.dataMap.systems.find((candidate) => candidate.key === found.systemKey);
  const records =
    found.kind === 'access' && upload !== undefined && system !== undefined
      ? rowsOfExport(upload.mediaType, upload.content).flatMap((row) => recordsOfRow(system, row))
      : [];
  const result: TaskResult = {
    outcome: input.outcome,
    ...(records.length > 0 && { records }),
    ...(input.exception !== undefined && { exception: input.exception }),
    ...(input.note !== undefined && { explanation: input.note }),
  };
  await deps.db.$transaction(async (tx) => {
    const task = await completeOpenTask(tx, {
      taskId,
      result,
      note: input.note ?? null,
      settledById: actor.type === 'staff' ? actor.id : null,
      now,
      statuses: ['pending', 'failed', 'waiting_callback'],
    });
    if (task === null) throw notOpen(taskId);
    const payload = { taskId, systemKey: task.systemKey, outcome: result.outcome };
    const events: AuditEntry[] = [{ action: 'fulfilment.task_completed', payload }];
    if (upload !== undefined) {
      const sha256 = hashToken(upload.content);
      await insertTaskExport(tx, {
        taskId,
        mediaType: upload.mediaType,
        sha256,
        content: upload.content,
        uploadedAt: now,
      });
      events.push({
        action: 'fulfilment.export_uploaded',
        payload: { taskId, sha256, byteSize: upload.content.byteLength },
      });
    }
    await appendAuditEvents(tx, { actor, requestId: task.requestId, events });
  });
  return findTaskOrThrow(deps, taskId);
}
