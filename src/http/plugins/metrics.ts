// GET /metrics in Prometheus' text format (prom-client): request rate and
// latency by route, the process's own figures (memory, event loop, CPU), and
// the work itself read at each scrape (outbox, audit linker lag, open and
// overdue requests, database connections). Counts and route patterns only: no
// URL as sent, no personal data. With METRICS_TOKEN set, a scraper must send it
// as a bearer token; docs/alerts.yml has sample alert rules.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { hashToken, sameHash } from '../../secrets.js';
import { readMetricsFigures } from '../../services/metrics/read-metrics-figures.js';
import { TASK_STATUSES } from '../../domain/fulfilment/plan-tasks.js';

const PREFIX = 'rightsdesk_';

function isAuthorized(request: FastifyRequest, expectedHash: string | null): boolean {
  if (expectedHash === null) return true;
  const offered = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  return offered !== undefined && sameHash(hashToken(offered), expectedHash);
}

export default fp(
  async function metricsPlugin(app: FastifyInstance) {
    const deps = app.deps;
    // One registry per app: tests build many apps in one process.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: PREFIX });

    const requestDuration = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'HTTP requests by method, route pattern and status code, with their duration',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      requestDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    const gauge = (name: string, help: string, labelNames: string[] = []) =>
      new Gauge({ name: `${PREFIX}${name}`, help, labelNames, registers: [registry] });
    const mailPending = gauge('outbox_pending_messages', 'Mail waiting to be sent');
    const mailOldest = gauge('outbox_oldest_pending_seconds', 'Age of the oldest mail waiting to be sent');
    const mailFailed = gauge('outbox_failed_messages', 'Mail that failed for good, for an admin to re-send');
    const lettersPending = gauge('letters_pending', 'Letters waiting for staff to post them');
    const auditUnsealed = gauge(
      'audit_unsealed_events',
      'Audit events committed but not sealed into the chain yet',
    );
    const auditLag = gauge('audit_linker_lag_seconds', 'Age of the oldest audit event not sealed yet');
    const openRequests = gauge('requests_open', 'Open requests by status', ['status']);
    const overdueRequests = gauge('requests_overdue', 'Open requests past their response deadline');
    const fulfilmentTasks = gauge(
      'fulfilment_tasks',
      "Fulfilment tasks in the business's systems by status",
      ['status'],
    );
    const connections = gauge('database_connections', "Connections of the server's role by state", ['state']);

    async function collectWorkFigures() {
      const figures = await readMetricsFigures(deps);
      mailPending.set(figures.mailPending);
      mailOldest.set(figures.mailOldestPendingSeconds);
      mailFailed.set(figures.mailFailed);
      lettersPending.set(figures.lettersPending);
      auditUnsealed.set(figures.auditUnsealed);
      auditLag.set(figures.auditOldestUnsealedSeconds);
      for (const [status, count] of Object.entries(figures.openRequestsByStatus)) {
        openRequests.set({ status }, count);
      }
      overdueRequests.set(figures.overdueRequests);
      for (const status of TASK_STATUSES) fulfilmentTasks.set({ status }, 0);
      for (const { status, count } of figures.fulfilmentTasks) fulfilmentTasks.set({ status }, count);
      connections.reset();
      for (const { state, count } of figures.databaseConnections) connections.set({ state }, count);
    }

    const tokenHash = deps.config.METRICS_TOKEN === undefined ? null : hashToken(deps.config.METRICS_TOKEN);
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (!isAuthorized(request, tokenHash)) {
        return reply.status(401).header('www-authenticate', 'Bearer').send('unauthorized\n');
      }
      await collectWorkFigures();
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'metrics' },
);
