// Fixed-window rate limits kept in PostgreSQL, so every instance counts against
// the same numbers: per client IP and, where a form or body names one, per
// email, per action, for the web forms and the JSON API alike.

import { hashToken, keyedHash } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { countHit, deleteCountersBefore } from './rate-limits-repo.js';

/** Consumer actions counted apart; `gpc` counts new browsers recorded from one IP. */
export type LimitedAction = 'submit' | 'verify' | 'status' | 'gpc';

interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window that refused ends; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Counts one hit per limit that applies and answers whether all of them allow
 * it. Keys hold keyed hashes (HMAC) of the IP and the email, never the values:
 * a plain hash of an IPv4 address is reversed by trying them all. A limit of 0
 * is off.
 */
export async function checkRateLimits(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { action, ip, email }: { action: LimitedAction; ip: string; email?: string | undefined },
): Promise<RateLimitDecision> {
  const { config } = deps;
  const keyed = (value: string) => keyedHash(config.SESSION_SECRET, value);
  const limits = [{ key: `${action}:ip:${keyed(ip)}`, limit: config.RATE_LIMIT_PER_IP }];
  if (email !== undefined && email.trim() !== '') {
    limits.push({
      key: `${action}:email:${keyed(email.trim().toLowerCase())}`,
      limit: config.RATE_LIMIT_PER_EMAIL,
    });
  }
  const windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const now = deps.clock.now();
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  for (const { key, limit } of limits) {
    if (limit === 0) continue;
    const hits = await countHit(deps.db, hashToken(key), windowStart);
    if (hits > limit) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000),
      );
      return { allowed: false, retryAfterSeconds };
    }
  }
  return { allowed: true, retryAfterSeconds: 0 };
}

/** Drops the counters of windows that have ended. */
export async function purgeRateLimitCounters(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
): Promise<number> {
  const windowMs = deps.config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  return deleteCountersBefore(deps.db, new Date(deps.clock.now().getTime() - windowMs));
}
