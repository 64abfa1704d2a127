// Privacy requests as rows: the lifecycle state snapshot plus the columns the
// work queue sorts and filters on, which are always copied from that state.
// New requests are written by new-requests-repo.ts.

import { NotFoundError, RuleConflictError } from '../../domain/errors.js';
import { ACCEPTING_STATUSES, type RequestState, type RequestStatus } from '../../domain/lifecycle/index.js';
import { parseRequestState } from '../../domain/lifecycle/state-schema.js';
import type { AgeBand, RequestType } from '../../domain/request-types.js';
import { batchedReader } from '../../db/batched-reads.js';
import { PREPARED, queryRows, type Database, type Transaction } from '../../db/client.js';
import { PRIVACY_REQUEST_COLUMNS } from './new-requests-repo.js';
import { insertAuditEventsSql, type AuditAppend } from '../audit/audit-log-repo.js';
import { insertOutboxMessagesSql, type OutboxMessageInput } from '../notices/outbox-repo.js';
import {
  recordOptOutPreferencesSql,
  type ConsumerIdentities,
  type OptOutPreference,
} from '../preferences/preferences-repo.js';
import {
  insertVerificationRecordsSql,
  type VerificationRecordInput,
} from '../verification/verification-records-repo.js';
import {
  Prisma,
  type AgeBand as AgeBandColumn,
  type PrivacyRequest,
  type RequestAgent,
  type RequestSubject,
} from '../../db/generated/client.js';

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

export interface LoadedRequest {
  row: PrivacyRequest;
  state: RequestState;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The request with its state snapshot validated again, so a corrupt or
 * outdated row fails loudly instead of reaching the decider; null for an
 * unknown id, and for an id that is not a uuid, which PostgreSQL would reject.
 */
export async function findRequest(db: Database | Transaction, id: string): Promise<LoadedRequest | null> {
  if (!UUID_SHAPE.test(id)) return null;
  let read = requestReaders.get(db);
  if (read === undefined) {
    read = batchedReader((ids) => readRequests(db, ids));
    requestReaders.set(db, read);
  }
  const row = await read(id.toLowerCase());
  if (row === undefined) return null;
  const state = parseRequestState(row.state);
  if (state.requestId !== row.id || state.status !== row.status) {
    throw new Error(`Request ${row.id}: its columns disagree with its state snapshot`);
  }
  return { row, state };
}

/** Every action on a request starts with its read: those made at once share a statement. */
const requestReaders = new WeakMap<
  Database | Transaction,
  (id: string) => Promise<PrivacyRequest | undefined>
>();

async function readRequests(db: Database | Transaction, ids: readonly string[]) {
  const rows = await queryRows<PrivacyRequest>(
    db,
    Prisma.sql`${PREPARED}
    SELECT ${PRIVACY_REQUEST_COLUMNS} FROM privacy_requests WHERE id = ANY(${ids}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** The row of a request known to exist (its id came from another row). */
export async function findRequestRow(db: Database | Transaction, id: string): Promise<PrivacyRequest> {
  return db.privacyRequest.findUniqueOrThrow({ where: { id } });
}

export async function findRequestByReference(
  db: Database | Transaction,
  reference: string,
): Promise<PrivacyRequest | null> {
  return db.privacyRequest.findUnique({ where: { reference } });
}

/** The row, with nobody else changing it until the transaction ends. */
export async function lockRequest(tx: Transaction, id: string): Promise<void> {
  await tx.$executeRaw`SELECT id FROM privacy_requests WHERE id = ${id}::uuid FOR UPDATE`;
}

/** What a decision writes beside the request's new state, in the same statement. */
export interface DecisionRecords {
  verifications: readonly VerificationRecordInput[];
  optOut: OptOutPreference | null;
  outbox: readonly OutboxMessageInput[];
  audit: AuditAppend;
  now: Date;
  /** The tasks work starting plans (startedTasksSql), as CTEs written when the state is saved. */
  startedTasks?: ((saved: Prisma.Sql) => Prisma.Sql) | undefined;
}

/**
 * Saves the request's next state, guarded by the version it was decided on, with everything
 * the decision writes, in ONE statement: nothing else is written when the guard fails, and
 * the caller gets REQUEST.CONCURRENT_UPDATE. Answers the row as saved.
 */
export async function saveRequestDecision(
  tx: Transaction,
  loaded: LoadedRequest,
  next: RequestState,
  records: DecisionRecords,
): Promise<PrivacyRequest> {
  const { deadlines } = next;
  const { now, startedTasks } = records;
  const saved = Prisma.sql`EXISTS (SELECT FROM saved)`;
  const alsoWritten = [
    records.verifications.length > 0 &&
      Prisma.sql`verification AS (${insertVerificationRecordsSql(records.verifications, saved)})`,
    records.optOut !== null &&
      Prisma.sql`preference AS (${recordOptOutPreferencesSql(records.optOut, now, saved)})`,
    records.outbox.length > 0 &&
      Prisma.sql`outbox AS (${insertOutboxMessagesSql(records.outbox, now, saved)})`,
    records.audit.events.length > 0 && Prisma.sql`audit AS (${insertAuditEventsSql(records.audit, saved)})`,
    startedTasks?.(saved),
  ].filter((cte): cte is Prisma.Sql => cte instanceof Prisma.Sql);
  const [row] = await queryRows<PrivacyRequest>(
    tx,
    Prisma.sql`${PREPARED}
    WITH saved AS (
      UPDATE privacy_requests SET status = ${next.status}::"RequestStatus", respond_by = ${deadlines.respondBy}::date,
        extended_respond_by = ${deadlines.extendedRespondBy}::date, extended = ${deadlines.extended},
        state = ${JSON.stringify(next)}::jsonb, version = version + 1, updated_at = ${new Date()}::timestamptz
      WHERE id = ${loaded.row.id}::uuid AND version = ${loaded.row.version}::int
      RETURNING *
    )${alsoWritten.length === 0 ? Prisma.empty : Prisma.sql`, ${Prisma.join(alsoWritten, ', ')}`}
    SELECT ${PRIVACY_REQUEST_COLUMNS} FROM saved`,
  );
  if (row === undefined) {
    throw new RuleConflictError(
      'REQUEST.CONCURRENT_UPDATE',
      'The request changed while this action was being decided; reload it and try again',
      { status: loaded.state.status, version: loaded.row.version },
    );
  }
  return row;
}

/** Who a request names: its consumer (null for a GPC signal) and their agent's email. */
export interface RequestParties {
  subject: (ConsumerIdentities & { hasPostalAddress: boolean }) | null;
  agentEmail: string | null;
}

/** One round trip: every state change that sends a notice reads this in its transaction. */
export async function findRequestParties(tx: Transaction, requestId: string): Promise<RequestParties> {
  const [row] = await tx.$queryRaw<
    {
      hasSubject: boolean;
      email: string | null;
      phone: string | null;
      accountNumber: string | null;
      hasPostalAddress: boolean;
      agentEmail: string | null;
    }[]
  >`${PREPARED}
    SELECT s.id IS NOT NULL AS "hasSubject", s.email, s.phone, s.account_number AS "accountNumber",
      s.address_line1 IS NOT NULL AS "hasPostalAddress", a.email AS "agentEmail"
    FROM (SELECT ${requestId}::uuid AS id) AS request
      LEFT JOIN request_subjects s ON s.request_id = request.id
      LEFT JOIN request_agents a ON a.request_id = request.id`;
  const { hasSubject, agentEmail, ...subject } = row!;
  return { subject: hasSubject ? subject : null, agentEmail };
}

export async function findRequestSubject(
  db: Database | Transaction,
  requestId: string,
): Promise<RequestSubject | null> {
  return db.requestSubject.findUnique({ where: { requestId } });
}

export async function findRequestAgent(
  db: Database | Transaction,
  requestId: string,
): Promise<RequestAgent | null> {
  return db.requestAgent.findUnique({ where: { requestId } });
}

/** The normalised email of the consumer of the request with this reference, when they gave one. */
export async function findSubjectEmailByReference(
  tx: Transaction,
  reference: string,
): Promise<string | null> {
  const subject = await tx.requestSubject.findFirst({
    where: { request: { reference } },
    select: { emailNormalized: true },
  });
  return subject?.emailNormalized ?? null;
}

/**
 * How many requests of this type were answered to the consumer since `since`, up to
 * now (the audit log's times are the database's own, and a request is counted when it is
 * recorded): what counts is when an earlier request was answered (its
 * `request_completed` audit event), not when it arrived (Civ. 1798.83(b),
 * Civ. 1798.130(b)). The consumer is recognised by any identifier they share
 * with the earlier request: email, phone or account number, normalised as the
 * identity matcher does; staff decide whether to decline.
 */
export async function countAnsweredRequestsOfConsumer(
  db: Database | Transaction,
  {
    type,
    identities,
    since,
  }: {
    type: RequestType;
    identities: { email: string | null; phone: string | null; accountNumber: string | null };
    since: Date;
  },
): Promise<number> {
  const { email, phone, accountNumber } = identities;
  if (email === null && phone === null && accountNumber === null) return 0;
  const [row] = await db.$queryRaw<{ answered: number }[]>`
    SELECT count(DISTINCT request.id)::int AS answered
    FROM privacy_requests request
    JOIN request_subjects subject ON subject.request_id = request.id
    WHERE request.type = ${type}::"RequestType"
      AND (subject.email_normalized = ${email}::text OR subject.phone = ${phone}::text
           OR upper(regexp_replace(subject.account_number, '[[:space:]-]', '', 'g')) = ${accountNumber}::text)
      AND EXISTS (SELECT 1 FROM audit_events event
                  WHERE event.request_id = request.id AND event.action = 'request_completed'
                    AND event.occurred_at >= ${since}::timestamptz)`;
  return row?.answered ?? 0;
}

/**
 * Requests still unverified, or waiting for an agent's authorization, whose
 * closing date (the end of the verification window, or the due date if
 * earlier: unverifiedClosingDate) is `today` or before.
 */
export async function listUnverifiedDueForClosure(
  db: Database,
  { today, windowDays, limit }: { today: string; windowDays: number; limit: number },
): Promise<{ id: string }[]> {
  return db.$queryRaw<{ id: string }[]>`
    SELECT id FROM privacy_requests
    WHERE status::text = ANY(${[...ACCEPTING_STATUSES.close_unverified]}::text[])
      AND LEAST(receipt_date + ${windowDays}::int, respond_by) <= ${today}::date
    ORDER BY respond_by
    LIMIT ${limit}`;
}

/** The requests with these ids, with their subjects, in no particular order. */
export async function listRequestsWithSubjects(
  db: Database,
  ids: readonly string[],
): Promise<(PrivacyRequest & { subject: RequestSubject | null })[]> {
  return db.privacyRequest.findMany({ where: { id: { in: [...ids] } }, include: { subject: true } });
}

/**
 * Assigns each request whose version is still the one given, bumping it like
 * any other change; answers the ids it assigned.
 */
export async function assignRequestsAtVersions(
  tx: Transaction,
  {
    requests,
    assigneeId,
    now,
  }: { requests: readonly { id: string; version: number }[]; assigneeId: string | null; now: Date },
): Promise<string[]> {
  const updated = await tx.$queryRaw<{ id: string }[]>`
    UPDATE privacy_requests r
       SET assignee_id = ${assigneeId}::uuid, version = r.version + 1, updated_at = ${now}
      FROM unnest(${requests.map((request) => request.id)}::uuid[],
                  ${requests.map((request) => request.version)}::int[]) AS guard (id, version)
     WHERE r.id = guard.id AND r.version = guard.version
    RETURNING r.id`;
  return updated.map((row) => row.id);
}

export async function listRequestVersions(
  tx: Transaction,
  ids: readonly string[],
): Promise<{ id: string; reference: string; version: number }[]> {
  return tx.privacyRequest.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, reference: true, version: true },
  });
}

/** The rows of these requests, in the order of `ids`. */
export async function listRequestsInOrder(
  db: Database,
  ids: readonly string[],
): Promise<Pick<PrivacyRequest, 'id' | 'reference' | 'type' | 'status' | 'receivedAt'>[]> {
  const rows = await db.privacyRequest.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, reference: true, type: true, status: true, receivedAt: true },
  });
  return ids.flatMap((id) => rows.filter((row) => row.id === id));
}

/** The request's status, for an action that needs only to know it exists and whether it is open. */
export async function requireRequestStatus(tx: Transaction, requestId: string): Promise<RequestStatus> {
  const loaded = await findRequest(tx, requestId);
  if (loaded === null) throw new NotFoundError('REQUEST.NOT_FOUND', 'No such request', { requestId });
  return loaded.state.status;
}
