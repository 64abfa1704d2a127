import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkReadiness } from '../services/readiness.js';

const HealthSchema = z.object({ status: z.literal('ok') });
const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['reachable', 'unreachable']),
  pendingMigrations: z.number().int(),
});

/** Liveness (the process answers) and readiness (database reachable, schema current). */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  // Both answer under pressure: a load balancer must see the instance alive, and why it is not ready.
  const answerUnderPressure = { pressureHandler: () => undefined };
  app.get(
    '/healthz',
    { config: answerUnderPressure, schema: { hide: true, response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: answerUnderPressure,
      schema: { hide: true, response: { 200: ReadinessSchema, 503: ReadinessSchema } },
    },
    async (_request, reply) => {
      const readiness = await checkReadiness(app.deps);
      const ready = readiness.database === 'reachable' && readiness.pendingMigrations === 0;
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', ...readiness });
    },
  );
};

export default healthRoutes;
