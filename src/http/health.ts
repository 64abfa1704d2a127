import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listPendingMigrations } from '../db/migration-status.js';

const HealthSchema = z.object({ status: z.literal('ok') });
const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['reachable', 'unreachable']),
  pendingMigrations: z.number().int(),
});

/** Liveness (the process answers) and readiness (database reachable, schema current). */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { hide: true, response: { 200: HealthSchema } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    { schema: { hide: true, response: { 200: ReadinessSchema, 503: ReadinessSchema } } },
    async (request, reply) => {
      try {
        const pending = await listPendingMigrations(app.deps.db);
        const ready = pending.length === 0;
        return reply.status(ready ? 200 : 503).send({
          status: ready ? 'ready' : 'not_ready',
          database: 'reachable',
          pendingMigrations: pending.length,
        });
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply
          .status(503)
          .send({ status: 'not_ready', database: 'unreachable', pendingMigrations: -1 });
      }
    },
  );
};

export default healthRoutes;
