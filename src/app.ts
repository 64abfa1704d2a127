import { randomUUID } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from './clock.js';
import type { Config } from './config/index.js';
import type { Database } from './db/client.js';
import apiRoutes from './http/api/index.js';
import healthRoutes from './http/health.js';
import openApiPlugin from './http/plugins/openapi.js';
import assetsPlugin from './http/plugins/assets.js';
import errorsPlugin from './http/plugins/errors.js';
import securityPlugin from './http/plugins/security.js';
import viewsPlugin from './http/plugins/views.js';
import type { Logger } from './logger.js';
import type { ServiceDependencies } from './services/dependencies.js';
import type { LegalPolicy } from './services/legal-policy.js';

export interface AppDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  policy: LegalPolicy;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDependencies;
    /** What every use case in src/services needs. */
    services: ServiceDependencies;
  }
}

// A caller's request id is kept only if it cannot smuggle anything into logs or headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

const BODY_LIMIT_BYTES = 256 * 1024;

/** Builds the application without listening (STYLE rule 1): tests inject into it. */
export async function buildApp(deps: AppDependencies) {
  const app = Fastify({
    loggerInstance: deps.logger,
    // genReqId reads x-request-id itself, so that only safe values are kept.
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (request) => {
      const offered = request.headers['x-request-id'];
      return typeof offered === 'string' && SAFE_REQUEST_ID.test(offered) ? offered : randomUUID();
    },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: true,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);
  app.decorate('services', { db: deps.db, clock: deps.clock, policy: deps.policy });

  await app.register(securityPlugin);
  await app.register(viewsPlugin);
  await app.register(assetsPlugin);
  await app.register(errorsPlugin);
  await app.register(openApiPlugin);

  await app.register(healthRoutes);
  await app.register(apiRoutes, { prefix: '/api/v1' });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
