// What a connector call means for its task, recorded with the attempt by the worker: done
// with its result, waiting for a callback, tried again later with backoff, or failed for good
// (after the retry period, or refused at once) with an alert to the owner and the officer.

import type { Actor } from '../../domain/audit-events.js';
import { nextAttemptAt } from '../../domain/fulfilment/retry-schedule.js';
import type { ConnectorOutcome } from './connector-outcome.js';
import type { ClaimOutcome, ClaimedTask, TaskSettlement } from './fulfilment-repo.js';
import { TASK_FAILED_TOPIC } from './fulfilment-topics.js';

export const FULFILMENT_ACTOR: Actor = { type: 'system', id: 'fulfilment-worker' };

/** What to record of one call of a claimed task (settleClaimedTasks). */
export function taskSettlementOf(
  retryBaseMs: number,
  claimed: ClaimedTask,
  outcome: ConnectorOutcome,
  { startedAt, finishedAt, random }: { startedAt: Date; finishedAt: Date; random: number },
): TaskSettlement {
  const claim = claimOutcomeOf(retryBaseMs, claimed, outcome, finishedAt, random);
  const { id: taskId, systemKey, requestId } = claimed;
  const events =
    claim.status === 'done'
      ? [
          {
            action: 'fulfilment.task_completed' as const,
            payload: { taskId, systemKey, outcome: claim.result.outcome },
          },
        ]
      : claim.status === 'failed'
        ? [
            {
              action: 'fulfilment.task_failed' as const,
              payload: { taskId, systemKey, attempts: claimed.attempts },
            },
          ]
        : [];
  return {
    task: claimed,
    outcome: claim,
    attempt: {
      startedAt,
      finishedAt,
      outcome:
        outcome.kind === 'result'
          ? 'succeeded'
          : outcome.kind === 'accepted'
            ? 'accepted'
            : outcome.kind === 'refused'
              ? 'refused'
              : 'failed',
      httpStatus: outcome.httpStatus,
      error: outcome.kind === 'retryable' || outcome.kind === 'refused' ? outcome.error : null,
    },
    audit: { actor: FULFILMENT_ACTOR, requestId, events },
    outbox: claim.status === 'failed' ? [{ topic: TASK_FAILED_TOPIC, payload: { taskId } }] : [],
  };
}

function claimOutcomeOf(
  baseMs: number,
  claimed: ClaimedTask,
  outcome: ConnectorOutcome,
  now: Date,
  random: number,
): ClaimOutcome {
  switch (outcome.kind) {
    case 'result':
      return { status: 'done', result: outcome.result };
    case 'accepted':
      return { status: 'waiting_callback' };
    case 'refused':
      return { status: 'failed', error: outcome.error };
    case 'retryable': {
      const next = nextAttemptAt(
        { attempts: claimed.attempts, now, retryUntil: claimed.retryUntil, baseMs },
        random,
      );
      return next === null
        ? { status: 'failed', error: outcome.error }
        : { status: 'pending', availableAt: next, error: outcome.error };
    }
  }
}
