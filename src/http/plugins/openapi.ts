import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * The OpenAPI document, generated from the routes' zod schemas, at /docs/json,
 * with a browsable UI at /docs. Routes marked `hide` (health checks, pages) stay out.
 */
export default fp(
  async function openApiPlugin(app: FastifyInstance) {
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'RightsDesk API',
          version: '1.0.0',
          description:
            'Privacy-rights requests (CCPA/CPRA, Nevada NRS 603A, California Shine the Light). ' +
            'Staff and integration endpoints take `Authorization: Bearer <token>`; create one with ' +
            '`npm run cli -- token:create --name <name> --role <role>`. Errors answer ' +
            '`{ error: { code, message, issues?: [{ path, message }] }, requestId }`.',
        },
        components: {
          securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer' } },
        },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(fastifySwaggerUi, {
      routePrefix: '/docs',
      // The UI's own scripts and styles are files, so the strict CSP holds for it too.
      staticCSP: true,
    });
  },
  { name: 'openapi' },
);
