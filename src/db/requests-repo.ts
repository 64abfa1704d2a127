// Privacy requests as rows: the lifecycle state snapshot plus the columns the
// work queue sorts and filters on, which are always copied from that state.

import type { Deadlines } from '../domain/deadlines.js';
import { RuleConflictError } from '../domain/errors.js';
import type { RequestState } from '../domain/lifecycle/index.js';
import { parseRequestState } from '../domain/lifecycle/state-schema.js';
import type { AgeBand, DataPoint } from '../domain/request-types.js';
import type { Actor } from '../domain/audit-events.js';
import type { Database, Transaction } from './client.js';
import { toDateColumn } from './date-columns.js';
import type { Language, PrivacyRequest, Prisma, AgeBand as AgeBandColumn } from './generated/client.js';

/** PostgreSQL enum labels cannot start with a digit in Prisma's schema language, so two are renamed. */
const AGE_BAND_COLUMNS: Readonly<Record<AgeBand, AgeBandColumn>> = {
  under_13: 'under_13',
  '13_15': 'age_13_15',
  '16_plus': 'age_16_plus',
};

export function ageBandOfColumn(column: AgeBandColumn): AgeBand {
  const entry = Object.entries(AGE_BAND_COLUMNS).find(([, value]) => value === column);
  if (entry === undefined) throw new Error(`Unknown age band column value "${column}"`);
  return entry[0] as AgeBand;
}

export interface SubjectRecord {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | undefined;
  address?:
    | { line1: string; line2?: string | undefined; city: string; state: string; postalCode: string }
    | undefined;
  accountNumber?: string | undefined;
  lastInteractionDate?: string | undefined;
  ageBand?: AgeBand | undefined;
  /** US state of residence. */
  state: string;
}

export interface CorrectionRecord {
  field: string;
  currentValue: string;
  requestedValue: string;
  explanation?: string | undefined;
}

export interface AgentRecord {
  kind: 'person' | 'business';
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  secretaryOfStateNumber?: string | undefined;
}

export interface NewRequest {
  reference: string;
  /** The state `request_submitted` produced. */
  state: RequestState;
  deadlines: Deadlines;
  receivedAt: Date;
  receivedAtDesignatedAddress: boolean | null;
  subject: SubjectRecord;
  correction: CorrectionRecord | null;
  agent: AgentRecord | null;
  /** The consumer's language, for every email about the request; English unless given. */
  language?: Language;
}

export async function insertRequest(tx: Transaction, request: NewRequest): Promise<PrivacyRequest> {
  const { state, deadlines, subject, agent } = request;
  return tx.privacyRequest.create({
    data: {
      id: state.requestId,
      reference: request.reference,
      type: state.type,
      jurisdiction: state.jurisdiction,
      channel: state.channel,
      submitter: state.submitter,
      receivedAt: request.receivedAt,
      receivedAtDesignatedAddress: request.receivedAtDesignatedAddress,
      receiptDate: toDateColumn(deadlines.receiptDate),
      language: request.language ?? 'en',
      acknowledgeBy: deadlines.acknowledgeBy === null ? null : toDateColumn(deadlines.acknowledgeBy),
      ...stateColumns(state),
      subject: {
        create: {
          firstName: subject.firstName,
          lastName: subject.lastName,
          email: subject.email,
          emailNormalized: subject.email.toLowerCase(),
          phone: subject.phone ?? null,
          addressLine1: subject.address?.line1 ?? null,
          addressLine2: subject.address?.line2 ?? null,
          addressCity: subject.address?.city ?? null,
          addressState: subject.address?.state ?? null,
          addressPostalCode: subject.address?.postalCode ?? null,
          accountNumber: subject.accountNumber ?? null,
          lastInteractionDate:
            subject.lastInteractionDate === undefined ? null : toDateColumn(subject.lastInteractionDate),
          ageBand: subject.ageBand === undefined ? null : AGE_BAND_COLUMNS[subject.ageBand],
          stateOfResidence: subject.state,
          correction: request.correction === null ? undefined : { ...request.correction },
        },
      },
      ...(agent !== null && {
        agent: {
          create: {
            kind: agent.kind,
            name: agent.name,
            email: agent.email ?? null,
            phone: agent.phone ?? null,
            secretaryOfStateNumber: agent.secretaryOfStateNumber ?? null,
          },
        },
      }),
    },
  });
}

export interface LoadedRequest {
  row: PrivacyRequest;
  state: RequestState;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The request with its state snapshot validated again (STYLE rule 6), or null;
 * also null for an id that is not a uuid, which PostgreSQL would reject.
 */
export async function findRequest(db: Database | Transaction, id: string): Promise<LoadedRequest | null> {
  if (!UUID_SHAPE.test(id)) return null;
  const row = await db.privacyRequest.findUnique({ where: { id } });
  if (row === null) return null;
  const state = parseRequestState(row.state);
  if (state.requestId !== row.id || state.status !== row.status) {
    throw new Error(`Request ${row.id}: its columns disagree with its state snapshot`);
  }
  return { row, state };
}

/**
 * Writes the next state if nobody else has since `version` was read (optimistic
 * concurrency, issue 3 part 4): two officers acting at once cannot both win.
 */
export async function saveRequestState(
  tx: Transaction,
  loaded: LoadedRequest,
  next: RequestState,
): Promise<void> {
  const { count } = await tx.privacyRequest.updateMany({
    where: { id: loaded.row.id, version: loaded.row.version },
    data: { ...stateColumns(next), version: { increment: 1 } },
  });
  if (count === 0) {
    throw new RuleConflictError(
      'REQUEST.CONCURRENT_UPDATE',
      'The request changed while this action was being decided; reload it and try again',
      { status: loaded.state.status, version: loaded.row.version },
    );
  }
}

export interface VerificationRecordInput {
  requestId: string;
  verification: NonNullable<RequestState['verification']>;
  /** Regs 7062(c): the signed declaration is kept with the record. */
  declarationSignedName: string | null;
  actor: Actor;
  recordedAt: Date;
}

export async function insertVerificationRecord(
  tx: Transaction,
  input: VerificationRecordInput,
): Promise<void> {
  const { verification } = input;
  await tx.verificationRecord.create({
    data: {
      requestId: input.requestId,
      method: verification.method,
      level: verification.level,
      matchedDataPoints: [...verification.matchedDataPoints] satisfies DataPoint[],
      emailControlProven: verification.emailControlProven,
      declarationSigned: verification.declarationSigned,
      declarationSignedName: input.declarationSignedName,
      actorType: input.actor.type,
      actorId: input.actor.id,
      recordedAt: input.recordedAt,
    },
  });
}

/**
 * Civ. 1798.83(b): Shine the Light is answered once per customer per calendar
 * year, so what counts is when an earlier request was answered (its
 * `request_completed` audit event), not when it arrived. The customer is
 * recognised by email address, before verification; staff decide whether to decline.
 */
export async function hasAnsweredShineTheLightSince(
  db: Database | Transaction,
  emailNormalized: string,
  since: Date,
): Promise<boolean> {
  const answered = await db.privacyRequest.findFirst({
    where: {
      type: 'stl_disclosure',
      subject: { emailNormalized },
      auditEvents: { some: { action: 'request_completed', occurredAt: { gte: since } } },
    },
    select: { id: true },
  });
  return answered !== null;
}

function stateColumns(state: RequestState) {
  return {
    status: state.status,
    respondBy: toDateColumn(state.deadlines.respondBy),
    extendedRespondBy:
      state.deadlines.extendedRespondBy === null ? null : toDateColumn(state.deadlines.extendedRespondBy),
    extended: state.deadlines.extended,
    state: state as unknown as Prisma.InputJsonObject,
  };
}
