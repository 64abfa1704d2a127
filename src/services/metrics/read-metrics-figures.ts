// What /metrics reports about the work itself at each scrape: the outbox, the
// audit linker's lag, open and overdue requests, fulfilment tasks, the database connections.

import type { Dependencies } from '../dependencies.js';
import { getQueueOverview } from '../queue/get-queue-overview.js';
import { readOperationalFigures, type OperationalFigures } from './metrics-repo.js';

export interface MetricsFigures extends OperationalFigures {
  openRequestsByStatus: Record<string, number>;
  overdueRequests: number;
}

export async function readMetricsFigures(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
): Promise<MetricsFigures> {
  const [operational, queue] = await Promise.all([readOperationalFigures(deps.db), getQueueOverview(deps)]);
  return { ...operational, openRequestsByStatus: queue.countsByStatus, overdueRequests: queue.overdue };
}
