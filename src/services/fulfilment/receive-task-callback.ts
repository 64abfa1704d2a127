// A receiver that answered 202 posts its result later to the task's callback URL with the
// task's bearer token. The token is derived from the task (src/services/fulfilment/run-task.ts)
// and compared in constant time; a wrong token and an unknown task are refused alike.

import { NotFoundError } from '../../domain/errors.js';
import type { TaskResult } from '../../domain/fulfilment/task-result.js';
import { withholdFields } from '../../domain/fulfilment/records.js';
import { sameHash } from '../../secrets.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { completeOpenTask, findTask } from './fulfilment-repo.js';
import { FULFILMENT_ACTOR } from './task-settlement.js';
import { callbackTokenFor } from './run-task.js';

/** Answers whether the result was taken (false: the task had ended already, e.g. a repeated callback). */
export async function receiveTaskCallback(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config' | 'dataMap'>,
  { taskId, token, result }: { taskId: string; token: string; result: TaskResult },
): Promise<boolean> {
  const expected = callbackTokenFor(deps.config.SESSION_SECRET, taskId);
  const task = await findTask(deps.db, taskId);
  if (!sameHash(token, expected) || task === null) {
    throw new NotFoundError('FULFILMENT.TASK_NOT_FOUND', 'No such task', {});
  }
  const system = deps.dataMap.systems.find((candidate) => candidate.key === task.systemKey);
  const stored =
    system && result.records ? { ...result, records: withholdFields(system, result.records) } : result;
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const completed = await completeOpenTask(tx, {
      taskId,
      result: stored,
      note: null,
      settledById: null,
      now,
      statuses: ['running', 'waiting_callback', 'pending', 'failed'],
    });
    if (completed === null) return false;
    const payload = { taskId, systemKey: completed.systemKey, outcome: stored.outcome };
    await appendAuditEvents(tx, {
      actor: FULFILMENT_ACTOR,
      requestId: completed.requestId,
      events: [{ action: 'fulfilment.task_completed', payload }],
    });
    return true;
  });
}
