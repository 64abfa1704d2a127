import { listPendingMigrations } from '../db/migration-status.js';
import type { Dependencies } from './dependencies.js';

interface Readiness {
  database: 'reachable' | 'unreachable';
  /** Shipped migrations not applied yet; -1 when the database could not be asked. */
  pendingMigrations: number;
}

/** Ready means: the database answers and holds every migration this build ships. */
export async function checkReadiness(deps: Pick<Dependencies, 'db' | 'logger'>): Promise<Readiness> {
  try {
    const pending = await listPendingMigrations(deps.db);
    return { database: 'reachable', pendingMigrations: pending.length };
  } catch (error) {
    deps.logger.warn({ err: error }, 'readiness check failed');
    return { database: 'unreachable', pendingMigrations: -1 };
  }
}
