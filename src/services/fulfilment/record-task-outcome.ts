// What a connector call means for its task, written in one statement with the attempt: done
// with its result, waiting for a callback, tried again later with backoff, or failed for good
// (after the retry period, or refused at once) with an alert to the owner and the officer.

import type { Actor } from '../../domain/audit-events.js';
import { nextAttemptAt } from '../../domain/fulfilment/retry-schedule.js';
import type { Dependencies } from '../dependencies.js';
import type { ConnectorOutcome } from './connector-outcome.js';
import {
  settleClaimedTask,
  type ClaimOutcome,
  type ClaimedTask,
  type ClaimTerms,
} from './fulfilment-repo.js';
import { TASK_FAILED_TOPIC } from './fulfilment-topics.js';

export const FULFILMENT_ACTOR: Actor = { type: 'system', id: 'fulfilment-worker' };

/**
 * Answers `settled` false when the claim had lapsed and another worker holds the task now;
 * with `claimNext`, the next task claimed in the same statement, if any (settleClaimedTask).
 */
export async function recordTaskOutcome(
  deps: Pick<Dependencies, 'db' | 'config'>,
  claimed: ClaimedTask,
  outcome: ConnectorOutcome,
  { startedAt, finishedAt, random }: { startedAt: Date; finishedAt: Date; random: number },
  claimNext?: Omit<ClaimTerms, 'limit'>,
): Promise<{ settled: boolean; next: ClaimedTask | null }> {
  const claim = claimOutcomeOf(deps.config.FULFILMENT_RETRY_BASE_MS, claimed, outcome, finishedAt, random);
  const attempt = {
    startedAt,
    finishedAt,
    outcome:
      outcome.kind === 'result'
        ? ('succeeded' as const)
        : outcome.kind === 'accepted'
          ? ('accepted' as const)
          : outcome.kind === 'refused'
            ? ('refused' as const)
            : ('failed' as const),
    httpStatus: outcome.httpStatus,
    error: outcome.kind === 'retryable' || outcome.kind === 'refused' ? outcome.error : null,
  };
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
  return settleClaimedTask(
    deps.db,
    claimed,
    claim,
    attempt,
    {
      audit: { actor: FULFILMENT_ACTOR, requestId, events },
      outbox: claim.status === 'failed' ? [{ topic: TASK_FAILED_TOPIC, payload: { taskId } }] : [],
    },
    claimNext,
  );
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
