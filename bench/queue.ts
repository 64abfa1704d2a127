// npm run bench:queue: the staff queue and identity matching on a million requests
// and a million customer records, in a fresh database seeded by bulk SQL.
// Prints p50/p95 per scenario; the target is p95 < 50 ms for each.
//
// BENCH_DATABASE_URL: a PostgreSQL server to create the throw-away database on
// (default postgresql://postgres@127.0.0.1:5432/postgres). BENCH_KEEP=1 keeps it.

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../src/config/index.js';
import { createDatabase } from '../src/db/client.js';
import { applyPendingMigrations } from '../src/db/migrator.js';
import { findRecordsForStaffReview } from '../src/services/customers/find-records-for-staff-review.js';
import { buildLegalPolicy } from '../src/config/legal-policy.js';
import { OPEN_STATUSES } from '../src/domain/lifecycle/index.js';
import { getQueueOverview } from '../src/services/queue/get-queue-overview.js';
import { listQueue, type QueueQuery } from '../src/services/queue/list-queue.js';

const ROWS = 1_000_000;
const WARMUP = 20;
const RUNS = 200;

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const name = `rightsdesk_bench_${randomBytes(4).toString('hex')}`;
const benchUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();

async function timed(label: string, work: () => Promise<unknown>) {
  const started = performance.now();
  await work();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function seed(client: pg.Client) {
  await timed(`seeded ${ROWS.toLocaleString('en-US')} customers`, () =>
    client.query(`
      INSERT INTO customers (id, account_number, first_name, last_name, email, phone, address_line1,
                             address_city, address_state, address_postal_code, last_interaction_date, updated_at)
      SELECT gen_random_uuid(), 'PC' || lpad(i::text, 8, '0'),
             (ARRAY['Maria','James','Wei','Aisha','Carlos','Olivia','Noah','Priya'])[1 + i % 8],
             (ARRAY['Lopez','Smith','Chen','Khan','Garcia','Johnson','Nguyen','Patel','Brown'])[1 + i % 9],
             'customer' || i || '@example.com', '+1415' || lpad((i % 10000000)::text, 7, '0'),
             (1 + i % 9000) || ' Market St', 'San Francisco', 'CA', lpad((94000 + i % 999)::text, 5, '0'),
             DATE '2025-01-01' + (i % 365), now()
        FROM generate_series(1, ${ROWS}) AS i`),
  );
  await client.query(
    `INSERT INTO staff_users (id, email, name, role) SELECT gen_random_uuid(), 'officer' || i || '@bench.test', 'Officer ' || i, 'privacy_officer' FROM generate_series(1, 20) AS i`,
  );
  // 92% closed, 8% open across the four open statuses: a queue of about 80,000 open requests.
  await timed(`seeded ${ROWS.toLocaleString('en-US')} requests`, () =>
    client.query(`
      WITH staff AS (SELECT array_agg(id) AS ids FROM staff_users)
      INSERT INTO privacy_requests (id, reference, type, jurisdiction, channel, submitter, status, received_at,
                                    receipt_date, acknowledge_by, respond_by, state, assignee_id, updated_at)
      SELECT gen_random_uuid(), 'RD-' || lpad(i::text, 9, '0'),
             (ARRAY['know','delete','correct','opt_out','limit','nv_opt_out','stl_disclosure'])[1 + i % 7]::"RequestType",
             (ARRAY['ca_ccpa','ca_ccpa','ca_ccpa','ca_ccpa','ca_ccpa','nv','ca_shine_the_light'])[1 + i % 7]::"Jurisdiction",
             (ARRAY['web','email','phone','mail','in_person','gpc'])[1 + i % 6]::"Channel", 'self',
             CASE WHEN i % 100 < 92 THEN (ARRAY['completed','denied','withdrawn','closed_unverified'])[1 + i % 4]
                  ELSE (ARRAY['awaiting_agent_authorization','awaiting_verification','verified','in_progress'])[1 + i % 4]
             END::"RequestStatus",
             now() - ((i % 730) || ' days')::interval, (now() - ((i % 730) || ' days')::interval)::date, NULL,
             (now() - ((i % 730) || ' days')::interval)::date + 44, '{}'::jsonb,
             CASE WHEN i % 3 = 0 THEN NULL ELSE staff.ids[1 + i % 20] END, now()
        FROM generate_series(1, ${ROWS}) AS i, staff`),
  );
  await timed('vacuum analyze', () => client.query('VACUUM ANALYZE'));
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

async function measure(label: string, run: (iteration: number) => Promise<unknown>) {
  for (let index = 0; index < WARMUP; index += 1) await run(index);
  const samples: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await run(index);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const p95 = percentile(samples, 0.95);
  console.log(
    `${label.padEnd(44)} p50 ${percentile(samples, 0.5).toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms   ${p95 < 50 ? 'OK' : 'OVER 50 ms'}`,
  );
  return p95;
}

async function main() {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const client = new pg.Client({ connectionString: benchUrl });
  const db = createDatabase(benchUrl);
  try {
    await applyPendingMigrations(benchUrl);
    await client.connect();
    await seed(client);
    const config = loadConfig({ DATABASE_URL: benchUrl });
    const deps = { db, clock: { now: () => new Date() }, policy: buildLegalPolicy(config) };
    const viewerId = (await db.staffUser.findFirstOrThrow()).id;

    // A cursor deep in the open queue: the 40,000th open request by deadline.
    const { rows } = await client.query<{ respond_by: Date; id: string }>(
      `SELECT respond_by, id FROM privacy_requests WHERE status::text = ANY($1)
        ORDER BY respond_by, id OFFSET 40000 LIMIT 1`,
      [OPEN_STATUSES],
    );
    const deep = { respondBy: rows[0]!.respond_by.toISOString().slice(0, 10), id: rows[0]!.id };
    // The console's queue: open requests, 50 to a page.
    const page = (filters: Partial<QueueQuery> = {}) =>
      listQueue(deps, { statuses: OPEN_STATUSES, limit: 50, ...filters });

    console.log(
      `\nqueue and identity matching on ${ROWS.toLocaleString('en-US')} requests and customers (${RUNS} runs each)`,
    );
    const results = [
      await measure('first queue page (50 rows)', () => page()),
      await measure('first queue page with counts and summary', () =>
        Promise.all([page(), getQueueOverview(deps)]),
      ),
      await measure('filtered page (know, phone, mine, overdue)', () =>
        page({ type: 'know', channel: 'phone', assigneeId: viewerId, overdue: true }),
      ),
      await measure('filtered page (verified, due within 30 days)', () =>
        page({ statuses: ['verified'], dueWithinDays: 30 }),
      ),
      await measure('deep keyset page (after 40,000 open rows)', () => page({ after: deep })),
      await measure('identity match (account, email, phone)', (iteration) => {
        const i = 1 + ((iteration * 7919) % ROWS);
        return findRecordsForStaffReview(db, {
          firstName: 'Maria',
          lastName: 'Lopez',
          accountNumber: `PC${String(i).padStart(8, '0')}`,
          email: `customer${i}@example.com`,
          phone: `+1415${String(i % 10_000_000).padStart(7, '0')}`,
        });
      }),
    ];
    if (results.some((p95) => p95 >= 50)) process.exitCode = 1;
  } finally {
    await client.end().catch(() => {});
    await db.$disconnect();
    if (process.env.BENCH_KEEP !== '1') await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    else console.log(`kept database ${name}`);
    await admin.end();
  }
}

await main();
