import { randomUUID } from 'node:crypto';
import underPressure from '@fastify/under-pressure';
import Fastify, { LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import apiRoutes from './http/api/index.js';
import samplePartnerRoutes from './http/demo/sample-partner.js';
import devMailboxRoutes from './http/dev-mailbox.js';
import healthRoutes from './http/health.js';
import openApiPlugin from './http/plugins/openapi.js';
import publicRoutes from './http/public/index.js';
import routeCataloguePlugin from './http/plugins/route-catalogue.js';
import staffConsole from './http/staff/index.js';
import assetsPlugin from './http/plugins/assets.js';
import errorsPlugin from './http/plugins/errors.js';
import gpcPlugin from './http/plugins/gpc.js';
import metricsPlugin from './http/plugins/metrics.js';
import securityPlugin from './http/plugins/security.js';
import viewsPlugin from './http/plugins/views.js';
import type { MailboxServer } from './mail/mailbox-server.js';
import type { Dependencies } from './services/dependencies.js';
import { isPoolSaturated } from './services/readiness.js';
import { serviceUnavailable } from './http/problem.js';

interface AppDependencies extends Dependencies {
  /** The development mailbox, mounted at /dev/mailbox only when SMTP_URL is unset. */
  devMailbox?: MailboxServer;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The one dependencies object: routes hand it (or the part a use case picks) to the use cases. */
    deps: AppDependencies;
  }
}

// A caller's request id is kept only if it cannot smuggle anything into logs or headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

const BODY_LIMIT_BYTES = 256 * 1024;

/** How often Node looks for connections past their header or request timeout. */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
/** How often the pool's queue is looked at for shedding load. */
const POOL_CHECK_INTERVAL_MS = 250;

/** Builds the application without listening: tests inject into it; only server.ts listens. */
export async function buildApp(deps: AppDependencies) {
  const { config } = deps;
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
    // X-Forwarded-For only from the proxies named in TRUST_PROXY: anyone else could pick
    // the address their rate limits are counted under. Fastify reads no other proxy header.
    trustProxy: config.TRUST_PROXY.length > 0 ? [...config.TRUST_PROXY] : false,
    return503OnClosing: true,
    // A client that sends its headers or body slowly, or holds a connection idle, is cut off
    // rather than holding a socket (docs/architecture.md#holding-under-load).
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    connectionTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.server.maxConnections = config.HTTP_MAX_CONNECTIONS;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);

  await app.register(routeCataloguePlugin);
  // Shed load with 503 and Retry-After while the event loop lags or queries queue for a
  // connection, rather than answering everyone late; /healthz and /readyz opt out.
  await app.register(underPressure, {
    maxEventLoopDelay: config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
    healthCheck: async () => !isPoolSaturated(deps),
    healthCheckInterval: POOL_CHECK_INTERVAL_MS,
    pressureHandler: async () => {
      throw serviceUnavailable();
    },
  });
  await app.register(securityPlugin);
  await app.register(viewsPlugin);
  await app.register(assetsPlugin);
  await app.register(errorsPlugin);
  await app.register(openApiPlugin);
  await app.register(gpcPlugin);

  await app.register(metricsPlugin);
  await app.register(healthRoutes);
  await app.register(apiRoutes, { prefix: '/api/v1' });
  await app.register(staffConsole, { prefix: '/staff' });
  await app.register(publicRoutes, { prefix: '/' });
  if (deps.config.DEMO_MODE) await app.register(samplePartnerRoutes, { prefix: '/demo/partner' });
  if (deps.devMailbox)
    await app.register(devMailboxRoutes, { prefix: '/dev/mailbox', mailbox: deps.devMailbox });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
