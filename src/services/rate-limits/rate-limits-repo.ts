import type { Database } from '../../db/client.js';

/**
 * Counts one hit on `keyHash` in the window starting at `windowStart` with a
 * single upsert: the row lock makes concurrent hits from any instance count
 * exactly once each. Answers the hits so far in that window.
 */
export async function countHit(db: Database, keyHash: string, windowStart: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ hits: number }[]>`
    INSERT INTO rate_limit_counters (key, window_start, hits) VALUES (${keyHash}, ${windowStart}, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1
    RETURNING hits`;
  return row?.hits ?? 1;
}

/** Counters of windows that ended are of no further use. */
export async function deleteCountersBefore(db: Database, windowStart: Date): Promise<number> {
  const { count } = await db.rateLimitCounter.deleteMany({ where: { windowStart: { lt: windowStart } } });
  return count;
}
