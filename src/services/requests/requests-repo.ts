// Privacy requests as rows: the lifecycle state snapshot plus the columns the
// work queue sorts and filters on, which are always copied from that state.

import { randomUUID } from 'node:crypto';
import type { Deadlines } from '../../domain/deadlines.js';
import { RuleConflictError } from '../../domain/errors.js';
import type { RequestState } from '../../domain/lifecycle/index.js';
import { parseRequestState } from '../../domain/lifecycle/state-schema.js';
import type { AgeBand, Channel, DataPoint, RequestType, Submitter } from '../../domain/request-types.js';
import type { Actor } from '../../domain/audit-events.js';
import { insertAuditEventsSql, type AuditAppend } from '../audit/audit-log-repo.js';
import { PREPARED, type Database, type Transaction } from '../../db/client.js';
import { isDatabaseError } from '../../db/database-errors.js';
import { toDateColumn } from '../../db/date-columns.js';
import {
  Prisma,
  type Language,
  type PrivacyRequest,
  type RequestSubject,
  type AgeBand as AgeBandColumn,
} from '../../db/generated/client.js';
import { insertEmailChallengeSql, type NewEmailChallenge } from '../verification/email-challenges-repo.js';
import { insertOutboxMessagesSql, type OutboxMessageInput } from '../notices/outbox-repo.js';

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
  /** Absent when staff logged a caller who gave a postal address only. */
  email?: string | undefined;
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

/** Regs 7062(c): the declaration under penalty of perjury, kept with the request. */
export interface DeclarationRecord {
  signedName: string;
  signedAt: Date;
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
  declaration: DeclarationRecord | null;
  /** The consumer's language, for every email about the request; English unless given. */
  language?: Language;
  /** Messages the new request sets off, written with it (STYLE rule 5). */
  outbox: readonly OutboxMessageInput[];
  /** The events that record it, written with it for the audit linker to seal. */
  audit: AuditAppend;
  /** The email challenge it starts (issue 4, part 2); its message is among `outbox`. */
  emailChallenge?: NewEmailChallenge | undefined;
  /** When given, an earlier request may answer instead (see SubmissionClaim). */
  claim?: SubmissionClaim | undefined;
  now: Date;
}

/**
 * What may make a consumer's submission answer with an earlier request (issue 4,
 * part 7): the same Idempotency-Key (its row is written with the new request),
 * or the same kind of request from the same email since `receivedSince`.
 */
export interface SubmissionClaim {
  idempotencyKey: { keyHash: string; bodyHash: string } | null;
  duplicate: {
    type: RequestType;
    channel: Channel;
    submitter: Submitter;
    emailNormalized: string;
    receivedSince: Date;
  } | null;
}

/** The SQLSTATE claim_consumer_submission raises for a key replayed with another body. */
const IDEMPOTENCY_KEY_REUSED = 'RD409';

/**
 * The request row as Prisma names its fields, for raw statements that return
 * it. `satisfies` keeps the list complete when the model gains a column.
 */
const PRIVACY_REQUEST_FIELDS = {
  id: 'id',
  reference: 'reference',
  type: 'type',
  jurisdiction: 'jurisdiction',
  channel: 'channel',
  submitter: 'submitter',
  status: 'status',
  receivedAt: 'received_at',
  receivedAtDesignatedAddress: 'received_at_designated_address',
  receiptDate: 'receipt_date',
  acknowledgeBy: 'acknowledge_by',
  respondBy: 'respond_by',
  extendedRespondBy: 'extended_respond_by',
  extended: 'extended',
  version: 'version',
  state: 'state',
  assigneeId: 'assignee_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  language: 'language',
} as const satisfies Record<keyof PrivacyRequest, string>;

/**
 * The subject's columns in the order of the insert's VALUES below; `satisfies`
 * fails the build when the model gains a column the insert does not know about.
 */
const REQUEST_SUBJECT_COLUMNS = {
  id: 'id',
  requestId: 'request_id',
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  emailNormalized: 'email_normalized',
  phone: 'phone',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  addressCity: 'address_city',
  addressState: 'address_state',
  addressPostalCode: 'address_postal_code',
  accountNumber: 'account_number',
  lastInteractionDate: 'last_interaction_date',
  ageBand: 'age_band',
  stateOfResidence: 'state_of_residence',
  correction: 'correction',
  declarationSignedName: 'declaration_signed_name',
  declarationSignedAt: 'declaration_signed_at',
} as const satisfies Record<keyof RequestSubject, string>;

const SUBJECT_INSERT_COLUMNS = Prisma.raw(Object.values(REQUEST_SUBJECT_COLUMNS).join(', '));

const PRIVACY_REQUEST_COLUMNS = Prisma.raw(
  Object.entries(PRIVACY_REQUEST_FIELDS)
    .map(([field, column]) => `${column} AS "${field}"`)
    .join(', '),
);

/**
 * The request with everything it sets off: its subject, agent, outbox messages,
 * email challenge, Idempotency-Key and audit events, in ONE statement, so a
 * consumer's submission is one round trip without an explicit transaction
 * (bench/intake.ts). With a claim, the claim_consumer_submission function runs
 * first (migration 20261129091500) and every insert depends on its answer: an
 * earlier request found means nothing is written and that request answers.
 */
export async function insertRequest(
  db: Database | Transaction,
  request: NewRequest,
): Promise<{ row: PrivacyRequest; created: boolean }> {
  const { state, deadlines, subject, agent, correction, declaration, claim, now } = request;
  const inserted = Prisma.sql`EXISTS (SELECT FROM request)`;
  const agentInsert =
    agent === null
      ? Prisma.empty
      : Prisma.sql`, agent AS (
          INSERT INTO request_agents (id, request_id, kind, name, email, phone, secretary_of_state_number)
          SELECT ${randomUUID()}::uuid, request.id, ${agent.kind}::"AgentKind", ${agent.name},
            ${agent.email ?? null}, ${agent.phone ?? null}, ${agent.secretaryOfStateNumber ?? null}
          FROM request)`;
  const challengeInsert =
    request.emailChallenge === undefined
      ? Prisma.empty
      : Prisma.sql`, challenge AS (${insertEmailChallengeSql(request.emailChallenge, now, inserted)})`;
  const idempotencyKey = claim?.idempotencyKey ?? null;
  const idempotencyKeyInsert =
    idempotencyKey === null
      ? Prisma.empty
      : Prisma.sql`, idempotency_key AS (
          INSERT INTO idempotency_keys (key_hash, body_hash, request_id, created_at)
          SELECT ${idempotencyKey.keyHash}, ${idempotencyKey.bodyHash}, request.id, ${now}::timestamptz
          FROM request)`;
  let rows: (PrivacyRequest & { earlierId: string | null })[];
  try {
    rows = await db.$queryRaw`${PREPARED}
      WITH claim AS (
        SELECT ${claim === undefined ? Prisma.sql`NULL::uuid` : claimSql(claim, now)} AS earlier_id
      ), request AS (
        INSERT INTO privacy_requests (id, reference, type, jurisdiction, channel, submitter, status,
          received_at, received_at_designated_address, receipt_date, acknowledge_by, respond_by,
          extended_respond_by, extended, state, language, updated_at)
        SELECT ${state.requestId}::uuid, ${request.reference}, ${state.type}::"RequestType",
          ${state.jurisdiction}::"Jurisdiction", ${state.channel}::"Channel", ${state.submitter}::"Submitter",
          ${state.status}::"RequestStatus", ${request.receivedAt}::timestamptz,
          ${request.receivedAtDesignatedAddress}::boolean, ${deadlines.receiptDate}::date,
          ${deadlines.acknowledgeBy}::date, ${state.deadlines.respondBy}::date,
          ${state.deadlines.extendedRespondBy}::date, ${state.deadlines.extended},
          ${JSON.stringify(state)}::jsonb, ${request.language ?? 'en'}::"Language", ${now}::timestamptz
        FROM claim WHERE claim.earlier_id IS NULL
        RETURNING *
      ), subject AS (
        INSERT INTO request_subjects (${SUBJECT_INSERT_COLUMNS})
        SELECT ${randomUUID()}::uuid, request.id, ${subject.firstName}, ${subject.lastName},
          ${subject.email ?? null}, ${subject.email?.toLowerCase() ?? null}, ${subject.phone ?? null},
          ${subject.address?.line1 ?? null}, ${subject.address?.line2 ?? null}, ${subject.address?.city ?? null},
          ${subject.address?.state ?? null}, ${subject.address?.postalCode ?? null},
          ${subject.accountNumber ?? null}, ${subject.lastInteractionDate ?? null}::date,
          ${subject.ageBand ?? null /* raw SQL takes the database label, which is the domain value */}::"AgeBand",
          ${subject.state}, ${correction === null ? null : JSON.stringify(correction)}::jsonb,
          ${declaration?.signedName ?? null}, ${declaration?.signedAt ?? null}::timestamptz
        FROM request
      ), outbox AS (${insertOutboxMessagesSql(request.outbox, now, inserted)}
      ), audit AS (${insertAuditEventsSql(request.audit, now, inserted)}
      )${agentInsert}${challengeInsert}${idempotencyKeyInsert}
      SELECT ${PRIVACY_REQUEST_COLUMNS}, claim.earlier_id AS "earlierId"
      FROM claim LEFT JOIN request ON true`;
  } catch (error) {
    if (isDatabaseError(error, IDEMPOTENCY_KEY_REUSED)) {
      throw new RuleConflictError(
        'IDEMPOTENCY.KEY_REUSED',
        'This Idempotency-Key was already used with a different request body',
      );
    }
    throw error;
  }
  // One row always: the request's columns (null when none was inserted) beside the claim's answer.
  const [{ earlierId, ...row }] = rows as [PrivacyRequest & { earlierId: string | null }];
  if (earlierId !== null) {
    return { row: await db.privacyRequest.findUniqueOrThrow({ where: { id: earlierId } }), created: false };
  }
  return { row, created: true };
}

function claimSql({ idempotencyKey, duplicate }: SubmissionClaim, now: Date): Prisma.Sql {
  return Prisma.sql`claim_consumer_submission(
    ${idempotencyKey === null ? null : `idempotency:${idempotencyKey.keyHash}`}::text,
    ${idempotencyKey?.keyHash ?? null}::text, ${idempotencyKey?.bodyHash ?? null}::text,
    ${duplicate === null ? null : `consumer-submission:${duplicate.type}:${duplicate.emailNormalized}`}::text,
    ${duplicate?.type ?? null}::"RequestType", ${duplicate?.channel ?? null}::"Channel",
    ${duplicate?.submitter ?? null}::"Submitter", ${duplicate?.emailNormalized ?? null}::text,
    ${duplicate?.receivedSince ?? null}::timestamptz, ${now}::timestamptz)`;
}

export async function findRequestByReference(
  db: Database | Transaction,
  reference: string,
): Promise<PrivacyRequest | null> {
  return db.privacyRequest.findUnique({ where: { reference } });
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
