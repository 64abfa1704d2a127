// The officers' work queue (issue 5, part 2): open requests, nearest legal
// deadline first, filtered, a keyset page at a time, with counts per status and
// an "overdue and due this week" summary. Written in SQL so that each open status
// is read from the (status, respond_by, id) index in order and merged: fast on a
// million requests whatever share of them is closed.

import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { fromDateColumn, toDateColumn } from '../../db/date-columns.js';
import { Prisma } from '../../db/generated/client.js';
import { businessDateOf } from '../../domain/business-date.js';
import type { RequestStatus } from '../../domain/lifecycle/index.js';
import { CHANNELS, JURISDICTIONS, REQUEST_TYPES } from '../../domain/request-types.js';
import type { Channel, Jurisdiction, RequestType } from '../../domain/request-types.js';
import type { Dependencies } from '../dependencies.js';

export const OPEN_STATUSES = [
  'awaiting_agent_authorization',
  'awaiting_verification',
  'verified',
  'in_progress',
] as const satisfies readonly RequestStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** A request is "due soon" within this many days (inclusive of today). */
export const DUE_SOON_DAYS = 7;
export const QUEUE_PAGE_SIZE = 50;

const blank = (value: unknown) => (value === '' ? undefined : value);

/** The filters, as the query string carries them: no personal data ever goes here. */
export const QueueFiltersSchema = z.object({
  status: z.preprocess(blank, z.enum(OPEN_STATUSES).optional()),
  type: z.preprocess(blank, z.enum(REQUEST_TYPES).optional()),
  jurisdiction: z.preprocess(blank, z.enum(JURISDICTIONS).optional()),
  channel: z.preprocess(blank, z.enum(CHANNELS).optional()),
  /** A staff user id, `me` or `unassigned`. */
  assignee: z.preprocess(blank, z.union([z.literal('me'), z.literal('unassigned'), z.uuid()]).optional()),
  dueWithinDays: z.preprocess(blank, z.coerce.number().int().min(0).max(365).optional()),
  overdue: z.preprocess(blank, z.enum(['true']).optional()),
  after: z.preprocess(blank, z.string().max(200).optional()),
});
export type QueueFilters = z.output<typeof QueueFiltersSchema>;

export interface QueueItem {
  id: string;
  reference: string;
  type: RequestType;
  jurisdiction: Jurisdiction;
  channel: Channel;
  status: OpenStatus;
  receivedAt: Date;
  respondBy: string;
  /** Negative when overdue; in the business time zone. */
  daysLeft: number;
  urgency: 'overdue' | 'due_soon' | 'on_track';
  assignee: { id: string; name: string } | null;
  /** The request's version as listed: a bulk assignment from this page is guarded by it. */
  version: number;
}

export interface QueuePage {
  items: QueueItem[];
  /** For `after=`; null on the last page. */
  nextCursor: string | null;
}

interface Cursor {
  respondBy: string;
  id: string;
}

const CursorSchema = z.strictObject({ respondBy: z.iso.date(), id: z.uuid() });

export function encodeQueueCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeQueueCursor(text: string | undefined): Cursor | null {
  if (text === undefined) return null;
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function businessToday(deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>): string {
  return businessDateOf(deps.clock.now(), deps.policy.lifecycle.timeZone);
}

function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

function daysBetween(from: string, to: string): number {
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: 'days' }).days;
}

export async function listQueue(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  { filters, viewerId, limit = QUEUE_PAGE_SIZE }: { filters: QueueFilters; viewerId: string; limit?: number },
): Promise<QueuePage> {
  const today = businessToday(deps);
  const conditions: Prisma.Sql[] = [];
  if (filters.type) conditions.push(Prisma.sql`r.type = ${filters.type}::"RequestType"`);
  if (filters.jurisdiction) {
    conditions.push(Prisma.sql`r.jurisdiction = ${filters.jurisdiction}::"Jurisdiction"`);
  }
  if (filters.channel) conditions.push(Prisma.sql`r.channel = ${filters.channel}::"Channel"`);
  if (filters.assignee === 'unassigned') conditions.push(Prisma.sql`r.assignee_id IS NULL`);
  else if (filters.assignee !== undefined) {
    const assignee = filters.assignee === 'me' ? viewerId : filters.assignee;
    conditions.push(Prisma.sql`r.assignee_id = ${assignee}::uuid`);
  }
  if (filters.overdue === 'true') conditions.push(Prisma.sql`r.respond_by < ${toDateColumn(today)}::date`);
  if (filters.dueWithinDays !== undefined) {
    const last = toDateColumn(addDays(today, filters.dueWithinDays));
    conditions.push(Prisma.sql`r.respond_by <= ${last}::date`);
  }
  const cursor = decodeQueueCursor(filters.after);
  if (cursor !== null) {
    conditions.push(
      Prisma.sql`(r.respond_by, r.id) > (${toDateColumn(cursor.respondBy)}::date, ${cursor.id}::uuid)`,
    );
  }
  const statuses = filters.status === undefined ? OPEN_STATUSES : [filters.status];
  const take = limit + 1;
  // One ordered, limited index range per status, merged: never a sort of every open request.
  const perStatus = statuses.map(
    (
      status,
    ) => Prisma.sql`(SELECT r.id, r.reference, r.type::text AS type, r.jurisdiction::text AS jurisdiction,
        r.channel::text AS channel, r.status::text AS status, r.received_at, r.respond_by, r.assignee_id,
        r.version
      FROM privacy_requests r
      WHERE ${Prisma.join([Prisma.sql`r.status = ${status}::"RequestStatus"`, ...conditions], ' AND ')}
      ORDER BY r.respond_by, r.id LIMIT ${take})`,
  );
  const rows = await deps.db.$queryRaw<QueueRow[]>`
    SELECT q.*, s.name AS assignee_name
      FROM (${Prisma.join(perStatus, ' UNION ALL ')}) q
      LEFT JOIN staff_users s ON s.id = q.assignee_id
     ORDER BY q.respond_by, q.id
     LIMIT ${take}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => queueItemOf(row, today)),
    nextCursor:
      rows.length > limit && last !== undefined
        ? encodeQueueCursor({ respondBy: fromDateColumn(last.respond_by), id: last.id })
        : null,
  };
}

interface QueueRow {
  id: string;
  reference: string;
  type: RequestType;
  jurisdiction: Jurisdiction;
  channel: Channel;
  status: OpenStatus;
  received_at: Date;
  respond_by: Date;
  assignee_id: string | null;
  assignee_name: string | null;
  version: number;
}

function queueItemOf(row: QueueRow, today: string): QueueItem {
  const respondBy = fromDateColumn(row.respond_by);
  const daysLeft = daysBetween(today, respondBy);
  return {
    id: row.id,
    reference: row.reference,
    type: row.type,
    jurisdiction: row.jurisdiction,
    channel: row.channel,
    status: row.status,
    receivedAt: row.received_at,
    respondBy,
    daysLeft,
    urgency: urgencyOf(daysLeft),
    assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
    version: row.version,
  };
}

export function urgencyOf(daysLeft: number): QueueItem['urgency'] {
  if (daysLeft < 0) return 'overdue';
  return daysLeft < DUE_SOON_DAYS ? 'due_soon' : 'on_track';
}

export interface QueueOverview {
  countsByStatus: Record<OpenStatus, number>;
  overdue: number;
  /** Due from today to the end of the next DUE_SOON_DAYS days, not yet overdue. */
  dueThisWeek: number;
}

export async function queueOverview(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
): Promise<QueueOverview> {
  const today = businessToday(deps);
  const rows = await deps.db.$queryRaw<
    { status: OpenStatus; total: bigint; overdue: bigint; due_soon: bigint }[]
  >`
    SELECT status::text AS status, count(*) AS total,
           count(*) FILTER (WHERE respond_by < ${toDateColumn(today)}::date) AS overdue,
           count(*) FILTER (WHERE respond_by >= ${toDateColumn(today)}::date
                              AND respond_by < ${toDateColumn(addDays(today, DUE_SOON_DAYS))}::date) AS due_soon
      FROM privacy_requests
     WHERE status IN (${Prisma.join(OPEN_STATUSES.map((status) => Prisma.sql`${status}::"RequestStatus"`))})
     GROUP BY status`;
  const countsByStatus = Object.fromEntries(OPEN_STATUSES.map((status) => [status, 0])) as Record<
    OpenStatus,
    number
  >;
  let overdue = 0;
  let dueThisWeek = 0;
  for (const row of rows) {
    countsByStatus[row.status] = Number(row.total);
    overdue += Number(row.overdue);
    dueThisWeek += Number(row.due_soon);
  }
  return { countsByStatus, overdue, dueThisWeek };
}
