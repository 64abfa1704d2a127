// New requests as rows, from every channel: the request with everything it
// sets off, written in ONE statement (throughput: bench/intake.ts).

import { randomUUID } from 'node:crypto';
import type { Deadlines } from '../../domain/deadlines.js';
import { RuleConflictError } from '../../domain/errors.js';
import type { RequestState } from '../../domain/lifecycle/index.js';
import type { AgeBand, Channel, RequestType, Submitter } from '../../domain/request-types.js';
import { insertAuditEventsSql, type AuditAppend } from '../audit/audit-log-repo.js';
import { PREPARED, type Database, type Transaction } from '../../db/client.js';
import { isDatabaseError } from '../../db/database-errors.js';
import {
  Prisma,
  type Language,
  type PrivacyRequest,
  type RequestSubject,
} from '../../db/generated/client.js';
import { insertEmailChallengeSql, type NewEmailChallenge } from '../verification/email-challenges-repo.js';
import {
  insertVerificationRecordsSql,
  type VerificationRecordInput,
} from '../verification/verification-records-repo.js';
import { insertOutboxMessagesSql, type OutboxMessageInput } from '../notices/outbox-repo.js';
import { recordOptOutPreferencesSql, type OptOutPreference } from '../preferences/preferences-repo.js';

interface SubjectRecord {
  /** Absent for an opt-out or limit given with an identifier only (Regs 7026, 7027). */
  firstName?: string | undefined;
  lastName?: string | undefined;
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
  state?: string | undefined;
}

interface CorrectionRecord {
  field: string;
  currentValue: string;
  requestedValue: string;
  explanation?: string | undefined;
}

interface AgentRecord {
  kind: 'person' | 'business';
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  secretaryOfStateNumber?: string | undefined;
}

/** Regs 7062(c): the declaration under penalty of perjury, kept with the request. */
interface DeclarationRecord {
  signedName: string;
  signedAt: Date;
}

/** The request's own rows, as a channel gives them. */
export interface NewRequestRecord {
  reference: string;
  deadlines: Deadlines;
  receivedAt: Date;
  receivedAtDesignatedAddress: boolean | null;
  /** Null for a browser's GPC signal: nothing personal is known about it (Regs 7025(c)). */
  subject: SubjectRecord | null;
  correction: CorrectionRecord | null;
  agent: AgentRecord | null;
  declaration: DeclarationRecord | null;
  /** The consumer's language, for every email about the request; English unless given. */
  language?: Language | undefined;
  /** The email challenge it starts; its message is among the outbox rows. */
  emailChallenge?: NewEmailChallenge | undefined;
  /** When given, an earlier request may answer instead (see SubmissionClaim). */
  claim?: SubmissionClaim | undefined;
}

/** The request, and what its decision writes with it (record-decision.ts). */
interface NewRequest extends NewRequestRecord {
  /** The state its events led to. */
  state: RequestState;
  verifications: readonly VerificationRecordInput[];
  optOut: OptOutPreference | null;
  outbox: readonly OutboxMessageInput[];
  audit: AuditAppend;
  now: Date;
}

/**
 * What may make a consumer's submission answer with an earlier request: the
 * same Idempotency-Key (its row is written with the new request), or the same
 * kind of request from the same email since `receivedSince`.
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

/** A privacy_requests row's columns under the PrivacyRequest model's field names, for raw statements. */
export const PRIVACY_REQUEST_COLUMNS = Prisma.raw(
  Object.entries(PRIVACY_REQUEST_FIELDS)
    .map(([field, column]) => `${column} AS "${field}"`)
    .join(', '),
);

/**
 * The request with everything it sets off: its subject, agent, verification
 * records, opt-out preference, outbox messages, email challenge,
 * Idempotency-Key and audit events, in ONE statement, so a consumer's
 * submission is one round trip without an explicit transaction. With a claim,
 * the claim_consumer_submission function runs first (migration
 * 20261129091500) and every insert depends on its answer: an earlier request
 * found means nothing is written and that request answers.
 */
export async function insertRequest(
  db: Database | Transaction,
  request: NewRequest,
): Promise<PrivacyRequest> {
  const { state, deadlines, subject, agent, claim, now } = request;
  const inserted = Prisma.sql`EXISTS (SELECT FROM request)`;
  const optional = [
    subject !== null && Prisma.sql`subject AS (${insertSubjectSql(request, subject)})`,
    agent !== null && Prisma.sql`agent AS (${insertAgentSql(agent)})`,
    request.verifications.length > 0 &&
      Prisma.sql`verification AS (${insertVerificationRecordsSql(request.verifications, inserted)})`,
    request.optOut !== null &&
      Prisma.sql`preference AS (${recordOptOutPreferencesSql(request.optOut, now, inserted)})`,
    request.emailChallenge !== undefined &&
      Prisma.sql`challenge AS (${insertEmailChallengeSql(request.emailChallenge, now, inserted)})`,
    claim?.idempotencyKey &&
      Prisma.sql`idempotency_key AS (${insertIdempotencyKeySql(claim.idempotencyKey, now)})`,
  ].filter((cte): cte is Prisma.Sql => cte instanceof Prisma.Sql);
  const alsoInsert = optional.length === 0 ? Prisma.empty : Prisma.sql`, ${Prisma.join(optional, ', ')}`;
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
      ), outbox AS (${insertOutboxMessagesSql(request.outbox, now, inserted)}
      ), audit AS (${insertAuditEventsSql(request.audit, inserted)}
      )${alsoInsert}
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
  return earlierId === null ? row : db.privacyRequest.findUniqueOrThrow({ where: { id: earlierId } });
}

function insertSubjectSql(request: NewRequest, subject: SubjectRecord): Prisma.Sql {
  const { correction, declaration } = request;
  return Prisma.sql`
    INSERT INTO request_subjects (${SUBJECT_INSERT_COLUMNS})
    SELECT ${randomUUID()}::uuid, request.id, ${subject.firstName ?? null}::text, ${subject.lastName ?? null}::text,
      ${subject.email ?? null}, ${subject.email?.toLowerCase() ?? null}, ${subject.phone ?? null},
      ${subject.address?.line1 ?? null}, ${subject.address?.line2 ?? null}, ${subject.address?.city ?? null},
      ${subject.address?.state ?? null}, ${subject.address?.postalCode ?? null},
      ${subject.accountNumber ?? null}, ${subject.lastInteractionDate ?? null}::date,
      ${subject.ageBand ?? null /* raw SQL takes the database label, which is the domain value */}::"AgeBand",
      ${subject.state ?? null}::text, ${correction === null ? null : JSON.stringify(correction)}::jsonb,
      ${declaration?.signedName ?? null}, ${declaration?.signedAt ?? null}::timestamptz
    FROM request`;
}

function insertAgentSql(agent: AgentRecord): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO request_agents (id, request_id, kind, name, email, phone, secretary_of_state_number)
    SELECT ${randomUUID()}::uuid, request.id, ${agent.kind}::"AgentKind", ${agent.name},
      ${agent.email ?? null}, ${agent.phone ?? null}, ${agent.secretaryOfStateNumber ?? null}
    FROM request`;
}

function insertIdempotencyKeySql(
  { keyHash, bodyHash }: NonNullable<SubmissionClaim['idempotencyKey']>,
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO idempotency_keys (key_hash, body_hash, request_id, created_at)
    SELECT ${keyHash}, ${bodyHash}, request.id, ${now}::timestamptz
    FROM request`;
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

/** Replays of an Idempotency-Key are honoured until its row is deleted here. */
export async function deleteIdempotencyKeysCreatedBefore(db: Database, before: Date): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: { createdAt: { lt: before } } });
}
