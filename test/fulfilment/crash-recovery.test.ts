// kill -9 of the server with 100 webhook tasks in flight: after a restart every task completes,
// every retry of a task carries its one webhook-id, and the receiver, which (as Standard Webhooks
// receivers do) applies a webhook-id once and answers a repeat as before, applied each task once.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { buildLegalPolicy } from '../../src/config/legal-policy.js';
import { createDatabase } from '../../src/db/client.js';
import { DataMapSchema } from '../../src/domain/fulfilment/data-map.js';
import { createLogger } from '../../src/logger.js';
import { applyRequestCommand } from '../../src/services/requests/apply-request-command.js';
import { submitRequest } from '../../src/services/requests/submit-request.js';
import { createMigratedDatabase } from '../support/database.js';
import { PROCESS_TEST_TIMEOUT_MS, startServerProcess, waitUntilReady } from '../support/server-process.js';
import { STAFF, submission, VERIFY_TWO_POINTS } from '../support/services.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const TASKS = 100;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it(
  'completes every task after kill -9, each webhook-id applied exactly once',
  async () => {
    const database = await createMigratedDatabase();
    cleanups.push(() => database.drop());
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const applied = new Map<string, number>();
    // Slow answers keep many calls in flight when the server is killed.
    receiver.script([], (delivery) => {
      applied.set(
        delivery.webhookId,
        (applied.get(delivery.webhookId) ?? 0) + (applied.has(delivery.webhookId) ? 0 : 1),
      );
      return { status: 200, body: { outcome: 'deleted' }, delayMs: 400 };
    });

    const directory = await mkdtemp(path.join(tmpdir(), 'crash-map-'));
    const mapFile = path.join(directory, 'map.yaml');
    await writeFile(
      mapFile,
      `systems:\n  - key: partner\n    name: Partner\n    connector: { kind: webhook, url: "${receiver.url}", secretEnv: PARTNER_SECRET }\n`,
    );
    const environment = {
      DATABASE_URL: database.url,
      DATA_MAP_FILE: mapFile,
      PARTNER_SECRET: receiver.secret,
      FULFILMENT_TIMEOUT_MS: '1000',
      FULFILMENT_RETRY_BASE_MS: '200',
      FULFILMENT_BATCH_SIZE: '25',
      DUPLICATE_WINDOW_MINUTES: '0',
      LOG_LEVEL: 'warn',
    };
    const config = loadConfig(environment);
    const db = createDatabase(database.url);
    cleanups.push(() => db.$disconnect());
    const deps = {
      config,
      db,
      clock: { now: () => new Date() },
      logger: createLogger(config),
      policy: buildLegalPolicy(config),
      dataMap: DataMapSchema.parse({
        systems: [
          {
            key: 'partner',
            name: 'Partner',
            connector: { kind: 'webhook', url: receiver.url, secretEnv: 'PARTNER_SECRET' },
          },
        ],
      }),
    };
    for (let index = 0; index < TASKS; index += 1) {
      const input = submission('delete');
      const summary = await submitRequest(deps, {
        input: { ...input, subject: { ...input.subject, email: `consumer${index}@example.com` } },
        actor: STAFF,
      });
      await applyRequestCommand(deps, { requestId: summary.id, action: VERIFY_TWO_POINTS, actor: STAFF });
      await applyRequestCommand(deps, { requestId: summary.id, action: { kind: 'start' }, actor: STAFF });
    }
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    cleanups.push(() => sql.end());
    const count = async (where: string) =>
      Number((await sql.query(`SELECT count(*) AS n FROM fulfilment_tasks WHERE ${where}`)).rows[0].n);
    expect(await count('true')).toBe(TASKS);

    const first = await startServerProcess(environment);
    cleanups.push(async () => first.child.kill('SIGKILL'));
    await waitUntilReady(first, PROCESS_TEST_TIMEOUT_MS / 2);
    await waitFor(async () => receiver.deliveries.length >= 10, 60_000, 'the first deliveries');
    first.child.kill('SIGKILL');
    await first.exited;
    const inFlight = await count(`status = 'running'`);
    expect(inFlight).toBeGreaterThan(0);

    const second = await startServerProcess(environment);
    cleanups.push(async () => second.child.kill('SIGKILL'));
    await waitUntilReady(second, PROCESS_TEST_TIMEOUT_MS / 2);
    await waitFor(async () => (await count(`status = 'done'`)) === TASKS, 90_000, 'every task done');
    second.child.kill('SIGINT');
    await second.exited;

    const webhookIds = (await sql.query(`SELECT webhook_id FROM fulfilment_tasks`)).rows.map(
      (row) => row.webhook_id,
    );
    expect(new Set(applied.keys())).toEqual(new Set(webhookIds));
    expect([...applied.values()].every((times) => times === 1)).toBe(true);
    // Some calls were cut off by the kill and sent again with the same webhook-id.
    expect(receiver.deliveries.length).toBeGreaterThanOrEqual(TASKS);
  },
  PROCESS_TEST_TIMEOUT_MS * 3,
);
