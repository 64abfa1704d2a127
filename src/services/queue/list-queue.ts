// The work queue: requests nearest their response deadline first, filtered, a
// keyset page at a time. The staff API and the console both list through here,
// each reading its own query string into a QueueQuery.

import { fromDateColumn } from '../../db/date-columns.js';
import { businessDateOf } from '../../domain/business-date.js';
import { isOpen, type RequestStatus } from '../../domain/lifecycle/index.js';
import type { Channel, Jurisdiction, RequestType } from '../../domain/request-types.js';
import { addDays, dueStatusOf, type DueStatus } from '../../domain/urgency.js';
import type { Dependencies } from '../dependencies.js';
import { summaryOf, type RequestSummary } from '../requests/request-summary.js';
import { encodeQueueCursor, type QueueCursor } from './queue-cursor.js';
import { selectQueueRows, type QueueRow, type StatusRange } from './queue-repo.js';

export interface QueueQuery {
  statuses: readonly RequestStatus[];
  type?: RequestType | undefined;
  jurisdiction?: Jurisdiction | undefined;
  channel?: Channel | undefined;
  /** A staff user's id, or null for the unassigned. */
  assigneeId?: string | null | undefined;
  /** true: open with the response deadline past; false: every other request. */
  overdue?: boolean | undefined;
  /** Response deadline strictly before this date (YYYY-MM-DD). */
  dueBefore?: string | undefined;
  /** Response deadline no more than this many days after today. */
  dueWithinDays?: number | undefined;
  after?: QueueCursor | undefined;
  limit: number;
}

interface QueueItem extends RequestSummary, DueStatus {
  assignee: { id: string; name: string } | null;
}

interface QueuePage {
  items: QueueItem[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export async function listQueue(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  query: QueueQuery,
): Promise<QueuePage> {
  const today = businessDateOf(deps.clock.now(), deps.policy.lifecycle.timeZone);
  const rows = await selectQueueRows(deps.db, {
    ranges: rangesOf(query, today),
    type: query.type,
    jurisdiction: query.jurisdiction,
    channel: query.channel,
    assigneeId: query.assigneeId,
    after: query.after,
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => itemOf(row, today)),
    nextCursor:
      rows.length > query.limit && last !== undefined
        ? encodeQueueCursor({ respondBy: fromDateColumn(last.respondBy), id: last.id })
        : null,
  };
}

/** The deadline bounds of each status; today is the business date. */
function rangesOf(query: QueueQuery, today: string): StatusRange[] {
  const within = query.dueWithinDays === undefined ? undefined : addDays(today, query.dueWithinDays + 1);
  const dueBefore = earliestOf(query.dueBefore, within);
  return query.statuses.flatMap((status): StatusRange[] => {
    // Only an open request can be overdue: a closed one has no deadline left to miss.
    if (!isOpen(status)) return query.overdue === true ? [] : [{ status, dueBefore }];
    if (query.overdue === true) return [{ status, dueBefore: earliestOf(dueBefore, today) }];
    if (query.overdue === false) return [{ status, dueFrom: today, dueBefore }];
    return [{ status, dueBefore }];
  });
}

/** YYYY-MM-DD dates sort as text. */
function earliestOf(...dates: (string | undefined)[]): string | undefined {
  return dates.filter((date) => date !== undefined).sort()[0];
}

function itemOf(row: QueueRow, today: string): QueueItem {
  const summary = summaryOf(row);
  const { daysLeft, urgency } = dueStatusOf(row.status, summary.deadlines.respondBy, today);
  const assignee = row.assigneeId === null ? null : { id: row.assigneeId, name: row.assigneeName ?? '' };
  return { ...summary, daysLeft, urgency, assignee };
}
