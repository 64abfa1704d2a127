// The work queue's reads: pages in deadline order, counts of open requests, and
// the requests a search finds.

import type { Database, Transaction } from '../../db/client.js';
import { toDateColumn } from '../../db/date-columns.js';
import { Prisma, type PrivacyRequest } from '../../db/generated/client.js';
import { OPEN_STATUSES, type OpenStatus, type RequestStatus } from '../../domain/lifecycle/index.js';
import type { Channel, Jurisdiction, RequestType } from '../../domain/request-types.js';
import type { SummaryColumns } from '../requests/request-summary.js';

/** One status, with its response deadline on or after `dueFrom` and before `dueBefore`. */
export interface StatusRange {
  status: RequestStatus;
  dueFrom?: string | undefined;
  dueBefore?: string | undefined;
}

interface QueueSelection {
  ranges: readonly StatusRange[];
  type?: RequestType | undefined;
  jurisdiction?: Jurisdiction | undefined;
  channel?: Channel | undefined;
  /** A staff user's id, or null for the unassigned. */
  assigneeId?: string | null | undefined;
  /** The last row of the previous page. */
  after?: { respondBy: string; id: string } | undefined;
  take: number;
}

export interface QueueRow extends SummaryColumns {
  assigneeId: string | null;
  assigneeName: string | null;
}

/**
 * Rows by response deadline, then id: a total order, so keyset pages neither skip
 * nor repeat. Each status's range is read in order from the (status, respond_by, id)
 * index and cut at a page, and those pages merged: never a sort of every
 * matching request, however many of them there are. One lateral subquery serves
 * every range, so the statement is planned once, not once per status.
 */
export async function selectQueueRows(db: Database, selection: QueueSelection): Promise<QueueRow[]> {
  if (selection.ranges.length === 0) return [];
  const statuses = selection.ranges.map((range) => range.status);
  // An open end is PostgreSQL's infinite date, so every range has the same shape.
  const dueFrom = selection.ranges.map((range) => range.dueFrom ?? '-infinity');
  const dueBefore = selection.ranges.map((range) => range.dueBefore ?? 'infinity');
  const conditions = [
    Prisma.sql`r.status = range.status`,
    Prisma.sql`r.respond_by >= range.due_from`,
    Prisma.sql`r.respond_by < range.due_before`,
    ...filterConditionsOf(selection),
  ];
  return db.$queryRaw<QueueRow[]>`
    SELECT q.*, s.name AS "assigneeName"
      FROM unnest(${statuses}::"RequestStatus"[], ${dueFrom}::date[], ${dueBefore}::date[])
           AS range(status, due_from, due_before)
     CROSS JOIN LATERAL (
           SELECT r.id, r.reference, r.type, r.jurisdiction, r.channel, r.submitter, r.status,
                  r.received_at AS "receivedAt", r.acknowledge_by AS "acknowledgeBy", r.respond_by AS "respondBy",
                  r.extended_respond_by AS "extendedRespondBy", r.extended, r.version, r.assignee_id AS "assigneeId"
             FROM privacy_requests r
            WHERE ${Prisma.join(conditions, ' AND ')}
            ORDER BY r.respond_by, r.id
            LIMIT ${selection.take}) q
      LEFT JOIN staff_users s ON s.id = q."assigneeId"
     ORDER BY q."respondBy", q.id
     LIMIT ${selection.take}`;
}

function filterConditionsOf(selection: QueueSelection): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (selection.type) conditions.push(Prisma.sql`r.type = ${selection.type}::"RequestType"`);
  if (selection.jurisdiction) {
    conditions.push(Prisma.sql`r.jurisdiction = ${selection.jurisdiction}::"Jurisdiction"`);
  }
  if (selection.channel) conditions.push(Prisma.sql`r.channel = ${selection.channel}::"Channel"`);
  if (selection.assigneeId === null) conditions.push(Prisma.sql`r.assignee_id IS NULL`);
  else if (selection.assigneeId !== undefined) {
    conditions.push(Prisma.sql`r.assignee_id = ${selection.assigneeId}::uuid`);
  }
  if (selection.after !== undefined) {
    const { respondBy, id } = selection.after;
    conditions.push(Prisma.sql`(r.respond_by, r.id) > (${toDateColumn(respondBy)}::date, ${id}::uuid)`);
  }
  return conditions;
}

interface OpenCount {
  status: OpenStatus;
  total: number;
  overdue: number;
  dueSoon: number;
}

/** Per open status: all, those due before `today`, those due from `today` to before `dueSoonBefore`. */
export async function countOpenRequests(
  db: Database,
  { today, dueSoonBefore }: { today: string; dueSoonBefore: string },
): Promise<OpenCount[]> {
  const rows = await db.$queryRaw<{ status: OpenStatus; total: bigint; overdue: bigint; due_soon: bigint }[]>`
    SELECT status::text AS status, count(*) AS total,
           count(*) FILTER (WHERE respond_by < ${toDateColumn(today)}::date) AS overdue,
           count(*) FILTER (WHERE respond_by >= ${toDateColumn(today)}::date
                              AND respond_by < ${toDateColumn(dueSoonBefore)}::date) AS due_soon
      FROM privacy_requests
     WHERE status IN (${Prisma.join(OPEN_STATUSES.map((status) => Prisma.sql`${status}::"RequestStatus"`))})
     GROUP BY status`;
  return rows.map((row) => ({
    status: row.status,
    total: Number(row.total),
    overdue: Number(row.overdue),
    dueSoon: Number(row.due_soon),
  }));
}

export async function findRequestsByReference(tx: Transaction, reference: string): Promise<PrivacyRequest[]> {
  return tx.privacyRequest.findMany({ where: { reference } });
}

/** The most recently received first. */
export async function findRequestsBySubjectEmail(
  tx: Transaction,
  { emailNormalized, limit }: { emailNormalized: string; limit: number },
): Promise<PrivacyRequest[]> {
  return tx.privacyRequest.findMany({
    where: { subject: { emailNormalized } },
    orderBy: [{ receivedAt: 'desc' }],
    take: limit,
  });
}
