// The top of the console's queue: open requests per status, how many are
// overdue and how many fall due this week.

import { businessDateOf } from '../../domain/business-date.js';
import { OPEN_STATUSES, type OpenStatus } from '../../domain/lifecycle/index.js';
import { addDays, DUE_SOON_DAYS } from '../../domain/urgency.js';
import type { Dependencies } from '../dependencies.js';
import { countOpenRequests } from './queue-repo.js';

interface QueueOverview {
  countsByStatus: Record<OpenStatus, number>;
  overdue: number;
  /** Due from today to the end of the next DUE_SOON_DAYS days, not yet overdue. */
  dueThisWeek: number;
}

export async function getQueueOverview(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
): Promise<QueueOverview> {
  const today = businessDateOf(deps.clock.now(), deps.policy.lifecycle.timeZone);
  const counts = await countOpenRequests(deps.db, { today, dueSoonBefore: addDays(today, DUE_SOON_DAYS) });
  const countsByStatus = Object.fromEntries(OPEN_STATUSES.map((status) => [status, 0]));
  for (const count of counts) countsByStatus[count.status] = count.total;
  return {
    countsByStatus: countsByStatus as Record<OpenStatus, number>,
    overdue: counts.reduce((sum, count) => sum + count.overdue, 0),
    dueThisWeek: counts.reduce((sum, count) => sum + count.dueSoon, 0),
  };
}
