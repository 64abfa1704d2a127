// What the decider decided about one request, written in the caller's
// transaction, the same way for every use case and in ONE statement: the request
// row, a verification record per `request_verified` event, the preference a
// completed opt-out sets, the outbox rows of the notices the events oblige, and
// the audit events (throughput: bench/intake.ts, bench/fulfilment.ts).

import { isKnownMinor } from '../../domain/minor-consent.js';
import { recordKnownMinor } from '../preferences/minor-consents-repo.js';
import type { Transaction } from '../../db/client.js';
import type { PrivacyRequest } from '../../db/generated/client.js';
import { auditEntryOf, type Actor } from '../../domain/audit-events.js';
import { RuleConflictError } from '../../domain/errors.js';
import type { RequestEvent, RequestState } from '../../domain/lifecycle/index.js';
import { noticeOf } from '../../domain/notices.js';
import type { OutboxMessageInput } from '../notices/outbox-repo.js';
import { noticeDeliveryFor, outboxMessagesFor } from '../notices/outbox-topics.js';
import { identitiesOf, isOptOutKind, type OptOutPreference } from '../preferences/preferences-repo.js';
import type { VerificationRecordInput } from '../verification/verification-records-repo.js';
import { countOpenTasks, type StartedTasks } from '../fulfilment/fulfilment-repo.js';
import { FULFILMENT_PLAN_OPT_OUT_TOPIC } from '../fulfilment/fulfilment-topics.js';
import { insertRequest, type NewRequestRecord } from './new-requests-repo.js';
import {
  findRequestParties,
  saveRequestDecision,
  type LoadedRequest,
  type RequestParties,
} from './requests-repo.js';

interface Decision {
  /**
   * The request as loaded, whose version guards the write; or a new one, written
   * with everything it sets off in ONE statement, so the intake may pass `db`
   * itself: the statement is its own transaction.
   */
  request: { loaded: LoadedRequest } | { new: NewRequestRecord };
  /** What was decided, in order, and the state it led to. */
  events: readonly RequestEvent[];
  state: RequestState;
  actor: Actor;
  now: Date;
  /** Regs 7062(c): the name signed on the declaration, kept with a verification that relied on it. */
  declarationSignedName?: string | null | undefined;
  /** Staff chose to confirm receipt by post (Regs 7021(a)); the other notices follow the addresses. */
  receiptByLetter?: boolean | undefined;
  /** What the use case sends besides the notices (a verification code, a status change). */
  messages?: readonly OutboxMessageInput[] | undefined;
  /** The tasks a loaded request's work starting plans, written in its statement (startedTasksFor). */
  startedTasks?: StartedTasks | undefined;
}

/**
 * Writes the decision; answers the request's row as written, or, for a new
 * request with a claim, the row of the earlier request that answered instead
 * (nothing is written then). Throws REQUEST.CONCURRENT_UPDATE when someone
 * changed a loaded request meanwhile.
 */
export async function recordDecision(tx: Transaction, decision: Decision): Promise<PrivacyRequest> {
  const { request, events, state, actor, now } = decision;
  const requestId = state.requestId;
  const completed = events.some((event) => event.kind === 'request_completed');
  // Who the request names is read only when a notice or a preference needs it.
  const needsParties = completed || events.some((event) => noticeOf(event) !== null);
  const parties: RequestParties | null =
    'new' in request
      ? {
          subject:
            request.new.subject === null
              ? null
              : { ...request.new.subject, hasPostalAddress: request.new.subject.address !== undefined },
          agentEmail: request.new.agent?.email ?? null,
        }
      : needsParties
        ? await findRequestParties(tx, requestId)
        : null;

  // Regs 7062(c): the declaration is kept with a verification that relied on it.
  const verifications = events.flatMap((event): VerificationRecordInput[] =>
    event.kind === 'request_verified'
      ? [
          {
            requestId,
            verification: event.verification,
            declarationSignedName: event.verification.declarationSigned
              ? (decision.declarationSignedName ?? null)
              : null,
            actor,
            recordedAt: now,
          },
        ]
      : [],
  );
  // A completed opt-out, limit, Nevada opt-out or Shine the Light suppression is the preference
  // downstream systems honour.
  const optOut: OptOutPreference | null =
    completed && isOptOutKind(state.type) && parties?.subject
      ? { kind: state.type, identities: parties.subject }
      : null;
  const delivery = parties === null ? null : noticeDeliveryFor(parties);
  // An opt-out or limit applied on arrival: its completion notice confirms it. A receipt promising
  // a response date would be untrue, and could reach the consumer after the completion.
  const appliedOnArrival = 'new' in request && completed;
  const noticeEvents = appliedOnArrival
    ? events.filter((event) => event.kind !== 'request_submitted')
    : events;
  const notices =
    delivery === null
      ? []
      : outboxMessagesFor(requestId, noticeEvents, (kind) =>
          kind === 'receipt_confirmation' && decision.receiptByLetter ? 'letter' : delivery,
        );
  // Regs 7026(f): the systems that sell or share hear of a completed opt-out, planned after commit.
  const fulfilment =
    optOut === null ? [] : [{ topic: FULFILMENT_PLAN_OPT_OUT_TOPIC, payload: { requestId } }];
  const outbox = [...notices, ...(decision.messages ?? []), ...fulfilment];
  const audit = { actor, requestId, events: events.map(auditEntryOf) };

  if ('new' in request) {
    const row = await insertRequest(tx, { ...request.new, state, verifications, optOut, outbox, audit, now });
    // Civ. 1798.120(c): from now on the business knows this consumer is under 16.
    if (isKnownMinor(state.ageBand) && parties?.subject) {
      await recordKnownMinor(tx, {
        identities: identitiesOf(parties.subject),
        ageBand: state.ageBand,
        requestId: row.id,
        now,
      });
    }
    return row;
  }
  if (completed) await refuseWhileTasksOpen(tx, requestId);
  // The planned tasks' audit event (by the same actor, on the same request) and mail go in the
  // decision's own inserts: one fewer of each in the statement.
  const started = decision.startedTasks;
  return saveRequestDecision(tx, request.loaded, state, {
    verifications,
    optOut,
    outbox: [...outbox, ...(started?.records.outbox ?? [])],
    audit: { ...audit, events: [...audit.events, ...(started?.records.audit.events ?? [])] },
    now,
    startedTasks: started?.sql,
  });
}

/**
 * A request is complete only once it is carried out in every system of the data map: each
 * task ended, or was waived by an officer with a reason (docs/legal-rules.md#fulfilment).
 */
async function refuseWhileTasksOpen(tx: Transaction, requestId: string): Promise<void> {
  const open = await countOpenTasks(tx, requestId);
  if (open > 0) {
    throw new RuleConflictError('FULFILMENT.TASKS_OPEN', 'The request has fulfilment tasks still open', {
      openTasks: open,
    });
  }
}
