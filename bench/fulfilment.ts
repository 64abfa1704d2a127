// npm run bench:fulfilment — 1,000 delete requests carried out through the postgres connector
// (a system database of 1,000,000 customers) and the webhook connector (a receiver on loopback),
// from the officer's "start" to every task done, next to a baseline measured in the same run: a
// plain script making the same DELETE and the same signed HTTP POST per request with `pg` and
// `fetch`, with the same concurrency (20 connections, 20 calls at once).
// Prints requests/minute and p95 from start to all tasks done; asserts nothing.
// Target: at least 50% of the baseline's throughput.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config/index.js';
import { buildLegalPolicy } from '../src/config/legal-policy.js';
import { createDatabase } from '../src/db/client.js';
import { applyPendingMigrations } from '../src/db/migrator.js';
import { DataMapSchema } from '../src/domain/fulfilment/data-map.js';
import { createFulfilmentWorker } from '../src/jobs/fulfilment-worker.js';
import { createLogger } from '../src/logger.js';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { findPostgresServer } from '../test/support/postgres-server.js';
import { STAFF, submission, VERIFY_TWO_POINTS } from '../test/support/services.js';
import { TEST_WEBHOOK_SECRET } from '../test/support/webhook-receiver.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const CONCURRENCY = 20;
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DELETE_SQL = 'DELETE FROM customers WHERE lower(email) = lower(:email)';

async function createBenchDatabase(adminUrl: string, migrate: boolean) {
  const name = `rightsdesk_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (migrate) await applyPendingMigrations(url.toString());
  return { url: url.toString(), name };
}

/** Runs `work` over `items`, `CONCURRENCY` at a time. */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function p95(durations: number[]): number {
  const sorted = [...durations].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
}

const server = await findPostgresServer(SERVER_URL, 54359);
const databases: string[] = [];
const receiver = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"outcome":"deleted"}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/privacy`;

try {
  const system = await createBenchDatabase(server.adminUrl, false);
  const rightsdesk = await createBenchDatabase(server.adminUrl, true);
  databases.push(system.name, rightsdesk.name);
  const systemSql = new pg.Pool({ connectionString: system.url, max: CONCURRENCY });
  console.log(`Loading ${CUSTOMERS.toLocaleString('en-US')} customers into the system database…`);
  await systemSql.query(`
    CREATE TABLE customers AS
      SELECT n AS id, 'customer' || n || '@example.com' AS email, '+1415555' || lpad((n % 10000)::text, 4, '0') AS phone
      FROM generate_series(1, ${CUSTOMERS}) AS n;
    CREATE INDEX customers_email ON customers (lower(email));
    ANALYZE customers;`);

  const environment = {
    DATABASE_URL: rightsdesk.url,
    LOG_LEVEL: 'fatal',
    CRM_DATABASE_URL: system.url,
    PARTNER_SECRET: TEST_WEBHOOK_SECRET,
    DUPLICATE_WINDOW_MINUTES: '0',
    // The same concurrency as the baseline's: 20 connections, 20 calls at once.
    DATABASE_POOL_SIZE: String(CONCURRENCY),
    FULFILMENT_BATCH_SIZE: String(CONCURRENCY),
    FULFILMENT_POLL_INTERVAL_MS: '50',
  };
  const config = loadConfig(environment);
  const db = createDatabase(rightsdesk.url, config.databaseTimeouts);
  const dataMap = DataMapSchema.parse({
    systems: [
      {
        key: 'crm',
        name: 'CRM',
        categories: ['identifiers'],
        connector: { kind: 'postgres', urlEnv: 'CRM_DATABASE_URL', access: 'SELECT 1', delete: DELETE_SQL },
      },
      {
        key: 'partner',
        name: 'Partner',
        connector: { kind: 'webhook', url: receiverUrl, secretEnv: 'PARTNER_SECRET' },
      },
    ],
  });
  const deps = {
    config,
    db,
    clock: systemClock,
    logger: createLogger(config),
    policy: buildLegalPolicy(config),
    dataMap,
  };

  console.log(`Submitting and verifying ${REQUESTS} delete requests…`);
  const requestIds: string[] = [];
  await inParallel(
    Array.from({ length: REQUESTS }, (_, index) => index + 1),
    async (index) => {
      const input = submission('delete');
      const { id } = await submitRequest(deps, {
        input: { ...input, subject: { ...input.subject, email: `customer${index}@example.com` } },
        actor: STAFF,
      });
      await applyRequestCommand(deps, { requestId: id, action: VERIFY_TWO_POINTS, actor: STAFF });
      requestIds.push(id);
    },
  );

  // RightsDesk: the officer starts each request; the worker carries out its two tasks.
  const worker = createFulfilmentWorker(deps, { listenUrl: rightsdesk.url });
  worker.start();
  const startedAt = new Map<string, number>();
  const began = Date.now();
  await inParallel(requestIds, async (requestId) => {
    startedAt.set(requestId, Date.now());
    await applyRequestCommand(deps, { requestId, action: { kind: 'start' }, actor: STAFF });
  });
  const startedAll = Date.now();
  const probe = new pg.Client({ connectionString: rightsdesk.url });
  await probe.connect();
  for (;;) {
    const open = await probe.query(`SELECT count(*)::int AS n FROM fulfilment_tasks WHERE status <> 'done'`);
    if (open.rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await worker.stop();
  const finished = await probe.query<{ requestId: string; finishedAt: Date }>(
    `SELECT request_id AS "requestId", max(finished_at) AS "finishedAt" FROM fulfilment_tasks GROUP BY request_id`,
  );
  await probe.end();
  // The last task's own end, not when the probe above happened to look.
  const ended = Math.max(...finished.rows.map((row) => row.finishedAt.getTime()));
  const rightsdeskDurations = finished.rows.map(
    (row) => row.finishedAt.getTime() - startedAt.get(row.requestId)!,
  );

  // Baseline: the same DELETE and POST per request, straight from a script.
  const baselineDurations: number[] = [];
  const baselineBegan = Date.now();
  await inParallel(
    Array.from({ length: REQUESTS }, (_, index) => REQUESTS + index + 1),
    async (index) => {
      const start = Date.now();
      await systemSql.query('DELETE FROM customers WHERE lower(email) = lower($1)', [
        `customer${index}@example.com`,
      ]);
      const body = JSON.stringify({
        type: 'privacy_request.delete',
        data: { email: `customer${index}@example.com` },
      });
      const webhookId = `msg_${randomBytes(16).toString('hex')}`;
      const now = new Date();
      const response = await fetch(receiverUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': new Webhook(TEST_WEBHOOK_SECRET).sign(webhookId, now, body),
        },
        body,
      });
      await response.text();
      baselineDurations.push(Date.now() - start);
    },
  );
  const baselineEnded = Date.now();

  const perMinute = (count: number, ms: number) => Math.round((count / ms) * 60_000);
  const ours = perMinute(REQUESTS, ended - began);
  const baseline = perMinute(REQUESTS, baselineEnded - baselineBegan);
  console.log('');
  console.log(
    `${REQUESTS} delete requests, system database of ${CUSTOMERS.toLocaleString('en-US')} customers`,
  );
  console.log(
    `RightsDesk (start → all tasks done): ${ours} requests/min, p95 ${p95(rightsdeskDurations)} ms`,
  );
  console.log(
    `  of which the officers' starts (one write each, tasks planned in it): ${startedAll - began} ms`,
  );
  console.log(
    `Plain script (same SQL and HTTP):    ${baseline} requests/min, p95 ${p95(baselineDurations)} ms`,
  );
  console.log(
    `RightsDesk at ${Math.round((ours / baseline) * 100)}% of the baseline's throughput (target ≥ 50%)`,
  );
  await systemSql.end();
  await db.$disconnect();
} finally {
  receiver.close();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  await server.stop();
}
