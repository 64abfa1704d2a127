// Rate limits at the HTTP edge of the consumer API (issue 4, part 7): per
// client IP and per email, per action, counted in PostgreSQL so that every
// instance shares them. Keys are keyed hashes: no address or IP is stored.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consumeRateLimit } from '../../services/rate-limit.js';
import { keyedHash } from '../../services/secrets.js';
import { rateLimited } from '../http-problem.js';

export type RateLimitedAction = 'submit' | 'verify' | 'status';

export async function enforceRateLimits(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  { action, email }: { action: RateLimitedAction; email?: string | undefined },
): Promise<void> {
  const { config, clock } = app.deps;
  const secret = config.SESSION_SECRET;
  const checks: { key: string; limit: number }[] = [
    { key: `${action}:ip:${keyedHash(secret, request.ip)}`, limit: config.RATE_LIMIT_PER_IP },
  ];
  if (email !== undefined) {
    checks.push({
      key: `${action}:email:${keyedHash(secret, email.trim().toLowerCase())}`,
      limit: config.RATE_LIMIT_PER_EMAIL,
    });
  }
  for (const { key, limit } of checks) {
    if (limit === 0) continue;
    const decision = await consumeRateLimit(app.deps.db, {
      key,
      limit,
      windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
      now: clock.now(),
    });
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfterSeconds));
      throw rateLimited(decision.retryAfterSeconds);
    }
  }
}
