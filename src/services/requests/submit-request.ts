// A new request, from any channel: a web form, staff logging a call, a letter
// or a visit, an API client, or a browser's Global Privacy Control signal.

import { randomBytes as cryptoRandomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from '../../db/client.js';
import type { NewEmailChallenge } from '../verification/email-challenges-repo.js';
import type { Language, PrivacyRequest } from '../../db/generated/client.js';
import type { OutboxMessageInput } from '../notices/outbox-repo.js';
import type { SubmissionClaim } from './new-requests-repo.js';
import { findRequestRow, type LoadedRequest } from './requests-repo.js';
import { findEarlierAnswers } from './earlier-answers.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { Actor } from '../../domain/audit-events.js';
import { computeDeadlines } from '../../domain/deadlines.js';
import { InvalidCommandError } from '../../domain/errors.js';
import {
  commandAppliedAtOnce,
  decide,
  evolve,
  type RequestState,
  type SubmitCommand,
} from '../../domain/lifecycle/index.js';
import { generateReference, REFERENCE_RANDOM_BYTES } from '../../domain/reference.js';
import { DATA_POINTS, type DataPoint } from '../../domain/request-types.js';
import type { Dependencies } from '../dependencies.js';
import { recordDecision } from './record-decision.js';
import type { Declaration, SubmitRequestInput } from './request-schemas.js';
import { summaryOf, type RequestSummary } from './request-summary.js';

export interface SubmitRequestDependencies extends Pick<Dependencies, 'db' | 'clock' | 'policy'> {
  /** The randomness behind public references; node:crypto unless given. */
  readonly randomBytes?: (size: number) => Uint8Array;
}

/** What a channel adds to a submission (used by submit-consumer-request.ts and others). */
interface SubmitRequestExtras {
  readonly language?: Language;
  /** Regs 7062(c): the consumer's signed declaration, kept with the request, signed as it arrives. */
  readonly declaration?: Declaration | null;
  /**
   * How the receipt confirmation goes (Regs 7021(a)): staff may choose a letter;
   * without an email to write to (neither the consumer's nor their agent's) it is one.
   */
  readonly receiptConfirmationBy?: 'email' | 'letter';
  /** An earlier request may answer instead of a new one (replays, duplicates), decided in the statement. */
  readonly claim?: SubmissionClaim;
  /**
   * Runs first, in the submission's transaction: the id of an earlier request
   * that answers instead, found under a lock held until commit, so that
   * concurrent submissions of the same thing queue and only one is written.
   */
  readonly earlierRequest?: (tx: Transaction) => Promise<string | null>;
  /**
   * The email challenge the new request sets off for the consumer, decided from
   * the state it starts in; written in the same statement.
   */
  readonly setsOff?: (submitted: RequestState) => {
    emailChallenge?: { challenge: NewEmailChallenge; message: OutboxMessageInput };
  };
  /**
   * Writes that need more than the one statement (a document, a note): with it,
   * the submission runs in a transaction and this runs last, for a new request
   * only; it may return the row as it changed it.
   */
  readonly alsoWrite?: (tx: Transaction, created: LoadedRequest) => Promise<PrivacyRequest | void>;
}

export interface SubmittedRequest {
  summary: RequestSummary;
  /** False when an earlier request answered (SubmitRequestExtras.claim, .earlierRequest). */
  created: boolean;
}

/**
 * 40 random bits make a collision rare (one in about 10^12 per pair), not
 * impossible: on one, the whole transaction is retried with a new reference.
 */
const REFERENCE_ATTEMPTS = 5;
const REFERENCE_INDEX = 'privacy_requests_reference_key';

export async function submitRequest(
  deps: SubmitRequestDependencies,
  submission: { input: SubmitRequestInput; actor: Actor; extras?: SubmitRequestExtras },
): Promise<RequestSummary> {
  return (await writeSubmission(deps, submission)).summary;
}

/** What a submission writes; a browser's GPC signal names nobody, so it has no subject (Regs 7025(c)). */
export type Submission = Omit<SubmitRequestInput, 'subject'> & {
  subject: SubmitRequestInput['subject'] | null;
};

/** submitRequest, also telling whether the request is new or an earlier one answered. */
export async function writeSubmission(
  deps: SubmitRequestDependencies,
  { input, actor, extras = {} }: { input: Submission; actor: Actor; extras?: SubmitRequestExtras },
): Promise<SubmittedRequest> {
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
    ageBand: input.subject?.ageBand ?? null,
    knowScope: input.know ?? null,
    sensitiveData: input.sensitiveData,
    correctedDataPoint: correctedDataPointOf(input),
    ...(await findEarlierAnswers(db, {
      type: input.type,
      subject: input.subject ?? null,
      receiptDate: deadlines.receiptDate,
      timeZone: policy.deadlines.calendar.timeZone,
    })),
    respondBy: deadlines.respondBy,
    extendedRespondBy: deadlines.extendedRespondBy,
  };
  // The decider dates the request at its `now`; passing the receipt time dates a request
  // logged later (a phone call, a letter) from the day it arrived (docs/legal-rules.md#deadlines).
  const submittedEvents = decide(null, command, receivedAt, policy.lifecycle);
  const submitted = submittedEvents.reduce<RequestState | null>(evolve, null);
  if (submitted === null) throw new Error('A submission always creates a request');
  const { emailChallenge } = extras.setsOff?.(submitted) ?? {};
  // From any channel, an opt-out or limit free to proceed is applied as it is written.
  const applyAtOnce = commandAppliedAtOnce(null, submitted);
  const appliedEvents = applyAtOnce === null ? [] : decide(submitted, applyAtOnce, now, policy.lifecycle);
  const state = appliedEvents.reduce<RequestState>(evolve, submitted);

  const randomBytes = deps.randomBytes ?? cryptoRandomBytes;
  const declaration = extras.declaration ?? null;
  const write = async (tx: Transaction): Promise<{ row: PrivacyRequest; created: boolean }> => {
    const earlierId = (await extras.earlierRequest?.(tx)) ?? null;
    if (earlierId !== null) return { row: await findRequestRow(tx, earlierId), created: false };
    const row = await recordDecision(tx, {
      request: {
        new: {
          reference: generateReference(randomBytes(REFERENCE_RANDOM_BYTES)),
          deadlines,
          receivedAt,
          receivedAtDesignatedAddress: input.designatedAddress ?? null,
          subject: input.subject,
          correction: input.correction ?? null,
          agent: input.agent ?? null,
          declaration: declaration === null ? null : { signedName: declaration.signedName, signedAt: now },
          language: extras.language,
          emailChallenge: emailChallenge?.challenge,
          claim: extras.claim,
        },
      },
      events: [...submittedEvents, ...appliedEvents],
      state,
      actor,
      now,
      receiptByLetter: extras.receiptConfirmationBy === 'letter',
      messages: emailChallenge === undefined ? [] : [emailChallenge.message],
    });
    if (row.id !== state.requestId) return { row, created: false };
    const changed = await extras.alsoWrite?.(tx, { row, state });
    return { row: changed ?? row, created: true };
  };

  // More than the one statement: then the whole submission is one transaction.
  const inTransaction = extras.alsoWrite !== undefined || extras.earlierRequest !== undefined;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { row, created } = inTransaction ? await db.$transaction(write) : await write(db);
      return { summary: summaryOf(row), created };
    } catch (error) {
      if (attempt >= REFERENCE_ATTEMPTS || !isUniqueViolation(error, REFERENCE_INDEX)) throw error;
    }
  }
}

/** Regs 7060: an identity data point being corrected cannot verify the requester. */
function correctedDataPointOf(input: Submission): DataPoint | null {
  const field = input.correction?.field.toLowerCase();
  return DATA_POINTS.find((point) => point === field) ?? null;
}
