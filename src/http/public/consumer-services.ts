import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConsumerServiceDependencies } from '../../services/consumer-dependencies.js';
import { consumeRateLimit } from '../../services/rate-limit.js';
import { keyedHash } from '../../services/secrets.js';

/** What the consumer use cases need, from the app's dependencies. */
export function consumerServicesOf(app: FastifyInstance): ConsumerServiceDependencies {
  return app.services;
}

/** The same actions, and so the same counters, as the JSON API's (src/http/api/consumer-rate-limits.ts). */
export type PageAction = 'submit' | 'verify' | 'status';

/**
 * Issue 4, part 7: form posts are limited per client IP and, where the form names
 * one, per email, in PostgreSQL so every instance counts together. Keys hold keyed
 * hashes (HMAC): a plain hash of an IPv4 address is reversed by trying them all.
 */
export async function withinRateLimits(
  app: FastifyInstance,
  request: FastifyRequest,
  action: PageAction,
  email?: string,
): Promise<boolean> {
  const { config } = app.deps;
  const secret = config.SESSION_SECRET;
  const keyed = (value: string) => keyedHash(secret, value);
  const checks: { key: string; limit: number }[] = [
    { key: `${action}:ip:${keyed(request.ip)}`, limit: config.RATE_LIMIT_PER_IP },
  ];
  if (email !== undefined && email !== '') {
    checks.push({
      key: `${action}:email:${keyed(email.trim().toLowerCase())}`,
      limit: config.RATE_LIMIT_PER_EMAIL,
    });
  }
  const now = app.services.clock.now();
  for (const check of checks) {
    if (check.limit === 0) continue;
    const decision = await consumeRateLimit(app.deps.db, {
      key: check.key,
      limit: check.limit,
      windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
      now,
    });
    if (!decision.allowed) return false;
  }
  return true;
}
