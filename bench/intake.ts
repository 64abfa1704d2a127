// npm run bench:intake — POST /api/v1/requests under 50 concurrent clients,
// next to a baseline measured in the same run: a minimal node:http handler that
// does the same inserts with plain `pg` in one transaction. Prints figures;
// asserts nothing. Target: ≥ 60% of the baseline's requests/s, p99 < 100 ms.
// Then the same load on the real server alone in a child process (`npm run
// build` first), its mail going to a local relay: its resident memory idle,
// after the load and 15 s later, and its peak. Target: peak < 250 MB.

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config/index.js';
import { createDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { startCountingSmtpServer } from '../test/support/counting-smtp.js';
import { freshDatabase } from './fresh-database.js';
import { startServerChild } from './server-memory.js';
import { buildLegalPolicy } from '../src/config/legal-policy.js';
import { EMPTY_DATA_MAP } from '../src/domain/fulfilment/data-map.js';

const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const EMBEDDED_BENCH_PORT = 54349;
/** How long the server is watched after the load, while its mail drains. */
const DRAIN_SECONDS = 15;

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

const database = await freshDatabase(EMBEDDED_BENCH_PORT);
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

  // Memory: the real server alone in its process, its mail going to a relay, as in production.
  const relay = await startCountingSmtpServer();
  const server = await startServerChild({
    DATABASE_URL: database.url,
    SMTP_URL: relay.url,
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_EMAIL: '0',
  });
  const idle = await server.memory();
  const served = await measure('RightsDesk server process', server.baseUrl);
  const afterLoad = await server.memory();
  await new Promise((resolve) => setTimeout(resolve, DRAIN_SECONDS * 1000));
  const drained = await server.memory();
  await server.stop();
  await relay.close();
  console.table([
    { moment: 'idle, before the load', residentMb: idle.residentMb },
    {
      moment: `after ${DURATION_SECONDS} s of intake (${served.requestsPerSecond}/s)`,
      residentMb: afterLoad.residentMb,
    },
    { moment: `${DRAIN_SECONDS} s later (${relay.accepted()} mails sent)`, residentMb: drained.residentMb },
  ]);
  console.log(
    `server peak resident memory: ${drained.peakResidentMb} MB (target < 250 MB), idle ${idle.residentMb} MB`,
  );
} finally {
  await database.drop();
}
