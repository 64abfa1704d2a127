// A new request, from any channel: a web form, or staff logging a call, a letter
// or a visit (issue 3, parts 4 and 6).

import { randomBytes as cryptoRandomBytes, randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { appendAuditEvents } from '../db/audit-log-repo.js';
import type { Transaction } from '../db/client.js';
import type { Language, PrivacyRequest } from '../db/generated/client.js';
import { hasAnsweredShineTheLightSince, insertRequest, type LoadedRequest } from '../db/requests-repo.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { auditEntryOf, type Actor } from '../domain/audit-events.js';
import { computeDeadlines } from '../domain/deadlines.js';
import { InvalidCommandError } from '../domain/errors.js';
import {
  decide,
  evolve,
  type RequestEvent,
  type RequestState,
  type SubmitCommand,
} from '../domain/lifecycle/index.js';
import { generateReference, REFERENCE_RANDOM_BYTES } from '../domain/reference.js';
import { DATA_POINTS, type DataPoint } from '../domain/request-types.js';
import type { ServiceDependencies } from './dependencies.js';
import { LETTER_RECEIPT_CONFIRMATION_TOPIC, RECEIPT_CONFIRMATION_TOPIC } from './mail-topics.js';
import type { Declaration, SubmitRequestInput } from './request-schemas.js';
import { summaryOf, type RequestSummary } from './request-summary.js';

export interface SubmitRequestDependencies extends ServiceDependencies {
  /** The randomness behind public references; node:crypto unless given. */
  readonly randomBytes?: (size: number) => Uint8Array;
}

/** What a channel adds to a submission, inside its one transaction (used by submit-consumer-request.ts). */
export interface SubmitRequestExtras {
  readonly language?: Language;
  /** Regs 7062(c): the consumer's signed declaration, kept with the request, signed as it arrives. */
  readonly declaration?: Declaration | null;
  /**
   * How the receipt confirmation goes (Regs 7021(a)): staff may choose a letter;
   * without an email to write to (neither the consumer's nor their agent's) it is one.
   */
  readonly receiptConfirmationBy?: 'email' | 'letter';
  /** Runs first; a request it returns is answered instead of creating one (duplicates, replays). */
  readonly findExisting?: (tx: Transaction) => Promise<PrivacyRequest | null>;
  /**
   * Runs after the request and its receipt mail, before the audit events (whose chain
   * lock is then held only briefly); may return the row as it changed it and the events
   * it decided, which are appended after the submission's.
   */
  readonly beforeAudit?: (
    tx: Transaction,
    created: LoadedRequest,
  ) => Promise<{ row: PrivacyRequest; events: readonly RequestEvent[] } | void>;
  /** Runs last, after the audit events; may return the row as it changed it. */
  readonly alsoWrite?: (tx: Transaction, created: LoadedRequest) => Promise<PrivacyRequest | void>;
}

/**
 * 40 random bits make a collision rare (one in about 10^12 per pair), not
 * impossible: on one, the whole transaction is retried with a new reference.
 */
const REFERENCE_ATTEMPTS = 5;
const REFERENCE_INDEX = 'privacy_requests_reference_key';

export async function submitRequest(
  deps: SubmitRequestDependencies,
  { input, actor, extras = {} }: { input: SubmitRequestInput; actor: Actor; extras?: SubmitRequestExtras },
): Promise<RequestSummary> {
  const { db, clock, policy } = deps;
  const now = clock.now();
  const receivedAt = input.receivedAt ?? now;
  if (receivedAt.getTime() > now.getTime()) {
    throw new InvalidCommandError('REQUEST.INVALID_COMMAND', 'A request cannot be received in the future', {
      field: 'receivedAt',
    });
  }
  const deadlines = computeDeadlines(
    {
      type: input.type,
      receivedAt,
      extended: false,
      receivedAtDesignatedAddress: input.designatedAddress,
    },
    policy.deadlines,
  );
  const command: SubmitCommand = {
    kind: 'submit',
    requestId: randomUUID(),
    requestType: input.type,
    channel: input.channel,
    submitter: input.submitter,
    ageBand: input.subject.ageBand ?? null,
    knowScope: input.know ?? null,
    sensitiveData: input.sensitiveData,
    correctedDataPoint: correctedDataPointOf(input),
    // Without an email (a caller who gave a postal address) an earlier request cannot be recognised.
    priorRequestThisCalendarYear:
      input.type === 'stl_disclosure' &&
      input.subject.email !== undefined &&
      (await hasAnsweredShineTheLightSince(
        db,
        input.subject.email.toLowerCase(),
        startOfYear(deadlines.receiptDate, policy.deadlines.calendar.timeZone),
      )),
    respondBy: deadlines.respondBy,
    extendedRespondBy: deadlines.extendedRespondBy,
  };
  // The decider dates the request at its `now`; passing the receipt time dates a
  // request logged later (a phone call, a letter) from the day it arrived (LEGAL-RULES §2).
  const events = decide(null, command, receivedAt, policy.lifecycle);
  const state = events.reduce<RequestState | null>(evolve, null);
  if (state === null) throw new Error('A submission always creates a request');
  const randomBytes = deps.randomBytes ?? cryptoRandomBytes;
  const declaration = extras.declaration ?? null;
  const hasEmail = input.subject.email !== undefined || input.agent?.email !== undefined;
  const receiptTopic =
    extras.receiptConfirmationBy === 'letter' || !hasEmail
      ? LETTER_RECEIPT_CONFIRMATION_TOPIC
      : RECEIPT_CONFIRMATION_TOPIC;

  for (let attempt = 1; ; attempt += 1) {
    try {
      const row = await db.$transaction(async (tx) => {
        const existing = await extras.findExisting?.(tx);
        if (existing) return existing;
        const inserted = await insertRequest(tx, {
          language: extras.language,
          reference: generateReference(randomBytes(REFERENCE_RANDOM_BYTES)),
          state,
          deadlines,
          receivedAt,
          receivedAtDesignatedAddress: input.designatedAddress ?? null,
          subject: input.subject,
          correction: input.correction ?? null,
          agent: input.agent ?? null,
          declaration: declaration === null ? null : { signedName: declaration.signedName, signedAt: now },
          outbox: {
            messages: [{ topic: receiptTopic, payload: { requestId: state.requestId } }],
            now,
          },
        });
        const before = await extras.beforeAudit?.(tx, { row: inserted, state });
        const allEvents = [...events, ...(before?.events ?? [])];
        await appendAuditEvents(
          tx,
          { actor, requestId: state.requestId, events: allEvents.map(auditEntryOf) },
          now,
        );
        const row = before?.row ?? inserted;
        return (await extras.alsoWrite?.(tx, { row, state })) ?? row;
      });
      return summaryOf(row);
    } catch (error) {
      if (attempt >= REFERENCE_ATTEMPTS || !isUniqueViolation(error, REFERENCE_INDEX)) throw error;
    }
  }
}

/** Regs 7060: an identity data point being corrected cannot verify the requester. */
function correctedDataPointOf(input: SubmitRequestInput): DataPoint | null {
  const field = input.correction?.field.toLowerCase();
  return DATA_POINTS.find((point) => point === field) ?? null;
}

/** The first instant of the calendar year of `date`, in the business time zone. */
function startOfYear(date: string, timeZone: string): Date {
  const firstDay = Temporal.PlainDate.from(date).with({ month: 1, day: 1 });
  return new Date(firstDay.toZonedDateTime(timeZone).epochMilliseconds);
}
