// Fixed-window rate limits kept in PostgreSQL, so every instance counts
// against the same numbers (issue 4, part 7).

import { createHash } from 'node:crypto';
import type { Database } from '../db/client.js';

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window ends; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Counts one hit on `key` in the current window with a single upsert: the row
 * lock makes concurrent hits from any instance count exactly once each. Keys
 * are stored as SHA-256; callers build them with keyed hashes of IPs and
 * emails (rateLimitKey in consumer-rate-limits.ts), never the values.
 */
export async function consumeRateLimit(
  db: Database,
  { key, limit, windowSeconds, now }: { key: string; limit: number; windowSeconds: number; now: Date },
): Promise<RateLimitDecision> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const keyHash = createHash('sha256').update(key).digest('hex');
  const [row] = await db.$queryRaw<{ hits: number }[]>`
    INSERT INTO rate_limit_counters (key, window_start, hits) VALUES (${keyHash}, ${windowStart}, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1
    RETURNING hits`;
  const hits = row?.hits ?? 1;
  const allowed = hits <= limit;
  return {
    allowed,
    remaining: Math.max(0, limit - hits),
    retryAfterSeconds: allowed
      ? 0
      : Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000)),
  };
}

/** Counters of windows that ended are of no further use. */
export async function purgeRateLimitCounters(db: Database, olderThan: Date): Promise<number> {
  const { count } = await db.rateLimitCounter.deleteMany({ where: { windowStart: { lt: olderThan } } });
  return count;
}
