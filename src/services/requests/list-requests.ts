// The work queue: requests nearest their response deadline first, filtered,
// a page at a time (issue 3, part 6).

import { z } from 'zod';
import { businessDateOf } from '../../domain/business-date.js';
import { REQUEST_STATUSES, TERMINAL_STATUSES } from '../../domain/lifecycle/index.js';
import { JURISDICTIONS, REQUEST_TYPES } from '../../domain/request-types.js';
import { fromDateColumn, toDateColumn } from '../../db/date-columns.js';
import type { Prisma } from '../../db/generated/client.js';
import type { Dependencies } from '../dependencies.js';
import { summaryOf, type RequestSummary } from './request-summary.js';

const CursorSchema = z.strictObject({ respondBy: z.iso.date(), id: z.uuid() });
type Cursor = z.output<typeof CursorSchema>;

/** Query strings carry text, other callers booleans: both are accepted. */
const FlagSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

export const ListRequestsQuerySchema = z.object({
  status: z.enum(REQUEST_STATUSES).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
  jurisdiction: z.enum(JURISDICTIONS).optional(),
  /** true: still open with the response deadline already past, in the business time zone. */
  overdue: FlagSchema.optional(),
  /** Response deadline strictly before this date (YYYY-MM-DD). */
  dueBefore: z.iso.date().optional(),
  /** `nextCursor` of the previous page; opaque to clients. */
  cursor: z
    .string()
    .max(200)
    .transform((text, context) => {
      const cursor = decodeCursor(text);
      if (cursor !== null) return cursor;
      context.issues.push({ code: 'custom', input: text, message: 'not a cursor this service issued' });
      return z.NEVER;
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListRequestsQuery = z.output<typeof ListRequestsQuerySchema>;

export interface RequestPage {
  items: RequestSummary[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** Ordered by respondBy then id: a total order, so keyset pages neither skip nor repeat. */
export async function listRequests(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  query: ListRequestsQuery,
): Promise<RequestPage> {
  const { db, clock, policy } = deps;
  const today = toDateColumn(businessDateOf(clock.now(), policy.lifecycle.timeZone));
  const overdue: Prisma.PrivacyRequestWhereInput = {
    respondBy: { lt: today },
    status: { notIn: [...TERMINAL_STATUSES] },
  };
  const filters: Prisma.PrivacyRequestWhereInput[] = [
    ...(query.status === undefined ? [] : [{ status: query.status }]),
    ...(query.type === undefined ? [] : [{ type: query.type }]),
    ...(query.jurisdiction === undefined ? [] : [{ jurisdiction: query.jurisdiction }]),
    ...(query.overdue === undefined ? [] : [query.overdue ? overdue : { NOT: overdue }]),
    ...(query.dueBefore === undefined ? [] : [{ respondBy: { lt: toDateColumn(query.dueBefore) } }]),
    ...(query.cursor === undefined ? [] : [after(query.cursor)]),
  ];
  const rows = await db.privacyRequest.findMany({
    where: { AND: filters },
    orderBy: [{ respondBy: 'asc' }, { id: 'asc' }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(summaryOf),
    nextCursor:
      rows.length > query.limit && last !== undefined
        ? encodeCursor({ respondBy: fromDateColumn(last.respondBy), id: last.id })
        : null,
  };
}

function after(cursor: Cursor): Prisma.PrivacyRequestWhereInput {
  const respondBy = toDateColumn(cursor.respondBy);
  return { OR: [{ respondBy: { gt: respondBy } }, { respondBy, id: { gt: cursor.id } }] };
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(text: string): Cursor | null {
  try {
    const result = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
