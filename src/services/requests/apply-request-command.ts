// Every action on an existing request: load it, let the decider judge the
// command, and write the outcome in one statement (one short transaction for a
// completion), so a change is never seen half done.

import type { Transaction } from '../../db/client.js';
import type { PrivacyRequest } from '../../db/generated/client.js';
import { findRequest } from './requests-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import { NotFoundError, unreachable } from '../../domain/errors.js';
import {
  decideAndApplyAtOnce,
  evolve,
  type RequestCommand,
  type RequestState,
} from '../../domain/lifecycle/index.js';
import type { Dependencies } from '../dependencies.js';
import type { RequestAction } from './request-action-schemas.js';
import { startedTasksFor } from '../fulfilment/plan-request-tasks.js';
import { recordDecision } from './record-decision.js';
import { hasProvenEmailControl } from '../verification/email-challenges-repo.js';
import { recordFulfilmentResults } from '../fulfilment-report/record-fulfilment-results.js';
import { summaryOf, type RequestSummary } from './request-summary.js';

/**
 * Applies one action. Throws NotFoundError for an unknown request, the
 * decider's DomainError for a command the rules refuse, and
 * REQUEST.CONCURRENT_UPDATE when someone else changed the request meanwhile.
 */
export async function applyRequestCommand(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config' | 'dataMap'>,
  { requestId, action, actor }: { requestId: string; action: RequestAction; actor: Actor },
): Promise<RequestSummary> {
  const { db, clock, policy } = deps;
  const loaded = await findRequest(db, requestId);
  if (loaded === null) {
    throw new NotFoundError('REQUEST.NOT_FOUND', 'No such request', { requestId });
  }
  const now = clock.now();
  // A right code or link the requester used is kept as evidence: staff need not tick it again.
  const emailControlProven =
    (action.kind === 'verify' || action.kind === 'mark_unverifiable') &&
    (action.emailControlProven || (await hasProvenEmailControl(db, requestId)));
  // Decided outside the transaction: the version guard in saveRequestDecision makes
  // a stale decision fail instead of holding a lock while deciding.
  // With what follows at once, e.g. an agent's opt-out whose authorization staff just completed.
  const events = decideAndApplyAtOnce(
    loaded.state,
    commandOf(action, emailControlProven),
    now,
    policy.lifecycle,
  );
  const state = events.reduce<RequestState>(evolve, loaded.state);
  // Work started: one task per system concerned, written in the decision's statement.
  const startedTasks = events.some((event) => event.kind === 'work_started')
    ? await startedTasksFor(db, deps, { state, actor, now })
    : null;
  const write = async (tx: Transaction): Promise<PrivacyRequest> => {
    const saved = await recordDecision(tx, {
      request: { loaded },
      events,
      state,
      actor,
      now,
      declarationSignedName:
        action.kind === 'verify' || action.kind === 'mark_unverifiable' ? action.declarationSignedName : null,
      startedTasks: startedTasks ?? undefined,
    });
    // What the business's systems did goes with the completion that reports it.
    await recordFulfilmentResults(deps, tx, { row: saved, state, events });
    return saved;
  };
  // Short of a completion (checked against open tasks, reported with the systems' results), a
  // decision is written in one statement, its own transaction (record-decision.ts).
  const completes = events.some((event) => event.kind === 'request_completed');
  const row = completes ? await db.$transaction(write) : await write(db);
  return summaryOf(row);
}

function commandOf(action: RequestAction, emailControlProven: boolean): RequestCommand {
  switch (action.kind) {
    case 'verify':
    case 'mark_unverifiable':
      return {
        kind: action.kind,
        method: action.method,
        matchedDataPoints: action.dataPoints,
        emailControlProven,
        declarationSigned: action.declarationSigned,
      };
    case 'deny':
      return {
        kind: action.kind,
        reasonCode: action.reasonCode,
        explanation: action.explanation,
        exception: action.exception ?? null,
      };
    case 'record_agent_authorization':
      return { kind: action.kind, step: action.step };
    case 'raise_verification_level':
      return { kind: action.kind, level: action.level, basis: action.basis, reason: action.reason };
    case 'extend':
      return { kind: action.kind, reason: action.reason };
    case 'complete':
      return {
        kind: action.kind,
        summary: action.summary,
        olderDataRefusal: action.olderDataRefusal ?? null,
      };
    case 'start':
    case 'withdraw':
    case 'close_unverified':
      return { kind: action.kind };
    default:
      return unreachable(action);
  }
}
