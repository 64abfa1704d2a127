import { setTimeout as sleep } from 'node:timers/promises';
import { poolUsageOf } from '../db/client.js';
import { listPendingMigrations } from '../db/migration-status.js';
import type { Dependencies } from './dependencies.js';

export { isDatabaseUnavailable } from '../db/database-errors.js';

interface Readiness {
  database: 'reachable' | 'unreachable';
  /** Shipped migrations not applied yet; -1 when the database could not be asked. */
  pendingMigrations: number;
}

/** A load balancer asks often and waits little: a hung database is "unreachable" after this. */
const READINESS_TIMEOUT_MS = 1_500;

/** Ready means: the database answers, in time, and holds every migration this build ships. */
export async function checkReadiness(deps: Pick<Dependencies, 'db' | 'logger'>): Promise<Readiness> {
  const timeout = new AbortController();
  try {
    const pending = await Promise.race([
      listPendingMigrations(deps.db),
      sleep(READINESS_TIMEOUT_MS, null, { signal: timeout.signal }),
    ]);
    if (pending === null) {
      deps.logger.warn('readiness check: the database did not answer in time');
      return { database: 'unreachable', pendingMigrations: -1 };
    }
    return { database: 'reachable', pendingMigrations: pending.length };
  } catch (error) {
    deps.logger.warn({ err: error }, 'readiness check failed');
    return { database: 'unreachable', pendingMigrations: -1 };
  } finally {
    timeout.abort();
  }
}

/** Whether queries are queuing for a pooled connection beyond what the instance should hold. */
export function isPoolSaturated(deps: Pick<Dependencies, 'db' | 'config'>): boolean {
  return poolUsageOf(deps.db).waiting > deps.config.OVERLOAD_MAX_POOL_WAITING;
}
