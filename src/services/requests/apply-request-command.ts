// Every action on an existing request: load it, let the decider judge the
// command, and write the outcome in one short transaction (STYLE rule 5).

import { appendAuditEvents } from '../audit/audit-log-repo.js';
import { enqueueOutboxMessages } from '../notices/outbox-repo.js';
import { findRequest, insertVerificationRecord, saveRequestState } from './requests-repo.js';
import type { Transaction } from '../../db/client.js';
import { auditEntryOf, type Actor } from '../../domain/audit-events.js';
import { NotFoundError, unreachable } from '../../domain/errors.js';
import {
  decideAndApplyAtOnce,
  evolve,
  type RequestCommand,
  type RequestEvent,
  type RequestState,
} from '../../domain/lifecycle/index.js';
import type { Dependencies } from '../dependencies.js';
import {
  noticeDeliveryFor,
  noticeOf,
  outboxMessagesFor,
  type NoticeDelivery,
} from '../notices/outbox-topics.js';
import { isOptOutKind, recordOptOutPreferences } from '../preferences/preferences.js';
import type { RequestAction } from './request-action-schemas.js';
import { summaryOf, type RequestSummary } from './request-summary.js';

/**
 * Applies one action. Throws NotFoundError for an unknown request, the
 * decider's DomainError for a command the rules refuse, and
 * REQUEST.CONCURRENT_UPDATE when someone else changed the request meanwhile.
 */
export async function applyRequestCommand(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  { requestId, action, actor }: { requestId: string; action: RequestAction; actor: Actor },
): Promise<RequestSummary> {
  const { db, clock, policy } = deps;
  const loaded = await findRequest(db, requestId);
  if (loaded === null) {
    throw new NotFoundError('REQUEST.NOT_FOUND', 'No such request', { requestId });
  }
  const now = clock.now();
  // Decided outside the transaction: the version guard in saveRequestState makes
  // a stale decision fail instead of holding a lock while deciding.
  // With what follows at once, e.g. an agent's opt-out whose authorization staff just completed.
  const events = decideAndApplyAtOnce(loaded.state, commandOf(action), now, policy.lifecycle);
  const next = events.reduce<RequestState>(evolve, loaded.state);

  const row = await db.$transaction(async (tx) => {
    await saveRequestState(tx, loaded, next);
    for (const event of events) {
      if (event.kind !== 'request_verified') continue;
      await insertVerificationRecord(tx, {
        requestId,
        verification: event.verification,
        declarationSignedName: declarationSignedNameOf(action),
        actor,
        recordedAt: now,
      });
    }
    if (isOptOutKind(next.type) && events.some((event) => event.kind === 'request_completed')) {
      // Issue 4, part 6: a completed opt-out is what downstream systems honour.
      const subject = await tx.requestSubject.findUnique({ where: { requestId } });
      await recordOptOutPreferences(tx, { kind: next.type, identities: subject ?? {}, at: now });
    }
    const notices = outboxMessagesFor(requestId, events, await noticeDeliveryOf(tx, requestId, events));
    await enqueueOutboxMessages(tx, notices, now);
    const saved = await tx.privacyRequest.findUniqueOrThrow({ where: { id: requestId } });
    await appendAuditEvents(tx, { actor, requestId, events: events.map(auditEntryOf) }, now);
    return saved;
  });
  return summaryOf(row);
}

/**
 * Email when the request has an address to write to, else a letter for staff
 * to post (a consumer logged with a postal address only): the notices of
 * Regs 7021(b), 7022 and Civ. 1798.145 are owed either way. Read only when an
 * event obliges a notice.
 */
async function noticeDeliveryOf(
  tx: Transaction,
  requestId: string,
  events: readonly RequestEvent[],
): Promise<NoticeDelivery> {
  if (!events.some((event) => noticeOf(event) !== null)) return 'email';
  const select = { email: true } as const;
  const [subject, agent] = await Promise.all([
    tx.requestSubject.findUnique({ where: { requestId }, select }),
    tx.requestAgent.findUnique({ where: { requestId }, select }),
  ]);
  return noticeDeliveryFor({ subjectEmail: subject?.email, agentEmail: agent?.email });
}

function commandOf(action: RequestAction): RequestCommand {
  switch (action.kind) {
    case 'verify':
    case 'mark_unverifiable':
      return {
        kind: action.kind,
        method: action.method,
        matchedDataPoints: action.dataPoints,
        emailControlProven: action.emailControlProven,
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
    case 'extend':
      return { kind: action.kind, reason: action.reason };
    case 'complete':
      return { kind: action.kind, summary: action.summary };
    case 'start':
    case 'withdraw':
    case 'close_unverified':
      return { kind: action.kind };
    default:
      return unreachable(action);
  }
}

/** Regs 7062(c): the declaration is kept only when it was signed. */
function declarationSignedNameOf(action: RequestAction): string | null {
  if (action.kind !== 'verify' && action.kind !== 'mark_unverifiable') return null;
  return action.declarationSigned ? (action.declarationSignedName ?? null) : null;
}
