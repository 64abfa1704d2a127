// npm run bench:intake — POST /api/v1/requests under 50 concurrent clients,
// next to a baseline measured in the same run: a minimal node:http handler that
// does the same inserts with plain `pg` in one transaction. Prints figures;
// asserts nothing. Target: ≥ 60% of the baseline's requests/s, p99 < 100 ms.

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config/index.js';
import { createDatabase } from '../src/db/client.js';
import { applyPendingMigrations } from '../src/db/migrator.js';
import { createLogger } from '../src/logger.js';
import { findPostgresServer } from '../test/support/postgres-server.js';
import { buildLegalPolicy } from '../src/config/legal-policy.js';
import { EMPTY_DATA_MAP } from '../src/domain/fulfilment/data-map.js';

const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const EMBEDDED_BENCH_PORT = 54349;
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A fresh database on the machine's PostgreSQL, or on an embedded one. */
async function freshDatabase() {
  const server = await findPostgresServer(SERVER_URL, EMBEDDED_BENCH_PORT);
  const adminUrl = server.adminUrl;
  const name = `rightsdesk_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await applyPendingMigrations(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      await server.stop();
    },
  };
}

/** One body for every request; autocannon makes each email unique (`[<id>]`), so no duplicates are found. */
const BODY = JSON.stringify({
  type: 'delete',
  subject: { firstName: 'Bench', lastName: 'Mark', email: 'bench.[<id>]@example.com', state: 'CA' },
});

async function measure(label: string, baseUrl: string) {
  const loopBefore = performance.eventLoopUtilization();
  const result = await autocannon({
    url: `${baseUrl}/api/v1/requests`,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    // The load is made in a worker thread, not on the event loop of the servers measured.
    workers: 1,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    idReplacement: true,
  });
  const loop = performance.eventLoopUtilization(loopBefore);
  const ok = result['2xx'];
  return {
    label,
    requestsPerSecond: Math.round(ok / DURATION_SECONDS),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    // The servers' event loop: busy time per answered request, which a busy machine does not inflate as much.
    loopMsPerRequest: Number((loop.active / Math.max(1, ok)).toFixed(3)),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** The same rows the portal writes for a web delete request, with plain pg in one transaction. */
function startBaseline(databaseUrl: string): Promise<Server> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      void (async () => {
        const input = JSON.parse(body) as {
          type: string;
          subject: { firstName: string; lastName: string; email: string; state: string };
        };
        const id = randomUUID();
        const reference = `RD-${randomBytes(4).toString('hex').toUpperCase()}`;
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO privacy_requests (id, reference, type, jurisdiction, channel, submitter, status, received_at,
               receipt_date, acknowledge_by, respond_by, extended_respond_by, state, updated_at)
             VALUES ($1, $2, $3, 'ca_ccpa', 'web', 'self', 'awaiting_verification', now(), current_date,
               current_date + 14, current_date + 44, current_date + 89, $4, now())`,
            [id, reference, input.type, JSON.stringify({ requestId: id, status: 'awaiting_verification' })],
          );
          await client.query(
            `INSERT INTO request_subjects (id, request_id, first_name, last_name, email, email_normalized, state_of_residence)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              randomUUID(),
              id,
              input.subject.firstName,
              input.subject.lastName,
              input.subject.email,
              input.subject.email.toLowerCase(),
              input.subject.state,
            ],
          );
          const challengeId = randomUUID();
          await client.query(
            `INSERT INTO email_challenges (id, request_id, purpose, code_hash, link_token_hash, expires_at, last_sent_at)
             VALUES ($1, $2, 'request_verification', $3, $4, now() + interval '24 hours', now())`,
            [challengeId, id, randomBytes(32).toString('hex'), randomBytes(32).toString('hex')],
          );
          await client.query(
            `INSERT INTO outbox_messages (id, topic, payload) VALUES ($1, 'mail.receipt_confirmation', $2), ($3, 'mail.verification_code', $4)`,
            [randomUUID(), JSON.stringify({ requestId: id }), randomUUID(), JSON.stringify({ challengeId })],
          );
          await client.query(
            `INSERT INTO audit_events (id, request_id, actor_type, action, payload, occurred_at)
             VALUES ($1, $2, 'consumer', 'request_submitted', '{}', now())`,
            [randomUUID(), id],
          );
          await client.query('COMMIT');
          response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ reference }));
        } catch (error) {
          await client.query('ROLLBACK');
          response.writeHead(500).end(String(error));
        } finally {
          client.release();
        }
      })();
    });
  });
  server.on('close', () => void pool.end());
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const baseUrlOf = (server: { address(): AddressInfo | string | null }) =>
  `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const database = await freshDatabase();
try {
  const config = loadConfig({
    DATABASE_URL: database.url,
    LOG_LEVEL: 'fatal',
    LOG_FORMAT: 'json',
    // Off for the benchmark: 50 clients share one IP.
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_EMAIL: '0',
  });
  const db = createDatabase(database.url);
  const app = await buildApp({
    config,
    db,
    logger: createLogger(config),
    clock: systemClock,
    policy: buildLegalPolicy(config),
    dataMap: EMPTY_DATA_MAP,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseline = await startBaseline(database.url);

  await measure('warm-up', baseUrlOf(app.server));
  const baselineFigures = await measure('baseline (node:http + pg)', baseUrlOf(baseline));
  const portalFigures = await measure('RightsDesk POST /api/v1/requests', baseUrlOf(app.server));
  console.table([baselineFigures, portalFigures]);
  const ratio = portalFigures.requestsPerSecond / Math.max(1, baselineFigures.requestsPerSecond);
  console.log(
    `throughput: ${(ratio * 100).toFixed(0)}% of baseline (target ≥ 60%); ` +
      `p99: ${portalFigures.p99Ms} ms (target < 100 ms); ${CONNECTIONS} clients, ${DURATION_SECONDS} s each`,
  );

  await new Promise((resolve) => baseline.close(resolve));
  await app.close();
  await db.$disconnect();
} finally {
  await database.drop();
}
