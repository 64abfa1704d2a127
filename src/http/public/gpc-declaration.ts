import type { FastifyInstance } from 'fastify';

/** When this site's GPC support last changed (W3C GPC, "/.well-known/gpc.json"). */
const GPC_SUPPORT_UPDATED = '2026-11-29';

/**
 * Tools expect the site to declare that it honours the signal
 * (docs/legal-rules.md#global-privacy-control).
 */
export default async function gpcDeclaration(app: FastifyInstance) {
  app.get('/.well-known/gpc.json', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('application/json')
      .header('cache-control', 'public, max-age=86400')
      .send({ gpc: true, lastUpdate: GPC_SUPPORT_UPDATED }),
  );
}
