// Privacy requests as rows: the lifecycle state snapshot plus the columns the
// work queue sorts and filters on, which are always copied from that state.
// New requests are written by new-requests-repo.ts.

import { NotFoundError, RuleConflictError } from '../../domain/errors.js';
import { ACCEPTING_STATUSES, type RequestState, type RequestStatus } from '../../domain/lifecycle/index.js';
import { parseRequestState } from '../../domain/lifecycle/state-schema.js';
import type { AgeBand, RequestType } from '../../domain/request-types.js';
import type { Database, Transaction } from '../../db/client.js';
import { toDateColumn } from '../../db/date-columns.js';
import type {
  AgeBand as AgeBandColumn,
  Prisma,
  PrivacyRequest,
  RequestAgent,
  RequestSubject,
} from '../../db/generated/client.js';
import type { ConsumerIdentities } from '../preferences/preferences-repo.js';

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
  const row = await db.privacyRequest.findUnique({ where: { id } });
  if (row === null) return null;
  const state = parseRequestState(row.state);
  if (state.requestId !== row.id || state.status !== row.status) {
    throw new Error(`Request ${row.id}: its columns disagree with its state snapshot`);
  }
  return { row, state };
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

/**
 * Writes the next state if nobody else has since `version` was read (optimistic
 * concurrency): two officers acting at once cannot both win. Answers the row as written.
 */
export async function saveRequestState(
  tx: Transaction,
  loaded: LoadedRequest,
  next: RequestState,
): Promise<PrivacyRequest> {
  const [saved] = await tx.privacyRequest.updateManyAndReturn({
    where: { id: loaded.row.id, version: loaded.row.version },
    data: { ...stateColumns(next), version: { increment: 1 } },
  });
  if (saved === undefined) {
    throw new RuleConflictError(
      'REQUEST.CONCURRENT_UPDATE',
      'The request changed while this action was being decided; reload it and try again',
      { status: loaded.state.status, version: loaded.row.version },
    );
  }
  return saved;
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

/** Who a request names: its consumer (null for a GPC signal) and their agent's email. */
export interface RequestParties {
  subject: (ConsumerIdentities & { hasPostalAddress: boolean }) | null;
  agentEmail: string | null;
}

export async function findRequestParties(tx: Transaction, requestId: string): Promise<RequestParties> {
  const subject = await tx.requestSubject.findUnique({
    where: { requestId },
    select: { email: true, phone: true, accountNumber: true, addressLine1: true },
  });
  const agent = await tx.requestAgent.findUnique({ where: { requestId }, select: { email: true } });
  return {
    subject:
      subject === null
        ? null
        : {
            email: subject.email,
            phone: subject.phone,
            accountNumber: subject.accountNumber,
            hasPostalAddress: subject.addressLine1 !== null,
          },
    agentEmail: agent?.email ?? null,
  };
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
