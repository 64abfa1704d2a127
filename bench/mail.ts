// npm run bench:mail — how many messages per second the mail worker sends to a
// local relay that waits 100 ms before its greeting (as slow relays do), next
// to plain nodemailer measured in the same run: one message at a time over a
// new connection each (how mail used to leave), and pooled connections with as
// many parallel sends and no database (a ceiling). Prints figures; asserts
// nothing. Target: ≥ 100 messages/s.

import nodemailer from 'nodemailer';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config/index.js';
import { buildLegalPolicy } from '../src/config/legal-policy.js';
import { createDatabase } from '../src/db/client.js';
import { createOutboxDispatcher } from '../src/jobs/outbox-dispatcher.js';
import { createLogger } from '../src/logger.js';
import { createMailer } from '../src/mail/mailer.js';
import { SubmitRequestInputSchema } from '../src/services/requests/request-schemas.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { startCountingSmtpServer } from '../test/support/counting-smtp.js';
import { freshDatabase } from './fresh-database.js';
import { EMPTY_DATA_MAP } from '../src/domain/fulfilment/data-map.js';

const GREETING_DELAY_MS = 100;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const BASELINE_MESSAGES = 50;
const EMBEDDED_BENCH_PORT = 54359;

const TEXT = 'We received your request. Your reference is RD-ABCD-EFGH.\n'.repeat(20);

async function sendPlain(url: string, count: number, parallel: number, pool: boolean) {
  const transport = nodemailer.createTransport({
    url,
    pool,
    maxConnections: parallel,
    maxMessages: Infinity,
  });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next += 1;
        await transport.sendMail({
          from: 'a@example.com',
          to: 'b@example.com',
          subject: 'Receipt',
          text: TEXT,
        });
      }
    }),
  );
  transport.close();
  return count / ((performance.now() - started) / 1000);
}

const database = await freshDatabase(EMBEDDED_BENCH_PORT);
const relay = await startCountingSmtpServer({ greetingDelayMs: GREETING_DELAY_MS });
try {
  const config = loadConfig({
    DATABASE_URL: database.url,
    SMTP_URL: relay.url,
    LOG_LEVEL: 'fatal',
    OUTBOX_CONCURRENCY: process.env.OUTBOX_CONCURRENCY,
  });
  const db = createDatabase(database.url);
  const deps = {
    config,
    db,
    logger: createLogger(config),
    clock: systemClock,
    policy: buildLegalPolicy(config),
    dataMap: EMPTY_DATA_MAP,
  };
  for (let index = 0; index < REQUESTS; index += 1) {
    const input = SubmitRequestInputSchema.parse({
      type: 'delete',
      channel: 'web',
      subject: { firstName: 'Bench', lastName: 'Mail', email: `bench.${index}@example.com`, state: 'CA' },
    });
    await submitRequest(deps, { input, actor: { type: 'consumer', id: null } });
  }
  const queued = await db.outboxMessage.count({
    where: { status: 'pending', topic: { startsWith: 'mail.' } },
  });

  const oneAtATime = await sendPlain(relay.url, BASELINE_MESSAGES, 1, false);
  const pooledCeiling = await sendPlain(relay.url, queued, config.OUTBOX_CONCURRENCY, true);

  const mailer = createMailer(relay.url, config.MAIL_FROM, { connections: config.OUTBOX_CONCURRENCY });
  const worker = createOutboxDispatcher({ ...deps, mailer });
  const started = performance.now();
  const sent = await worker.runOnce();
  const workerRate = sent / ((performance.now() - started) / 1000);
  mailer.close();

  console.table([
    { sender: 'nodemailer, one at a time, a connection each', messagesPerSecond: Math.round(oneAtATime) },
    {
      sender: `nodemailer, ${config.OUTBOX_CONCURRENCY} pooled connections, no database`,
      messagesPerSecond: Math.round(pooledCeiling),
    },
    { sender: `RightsDesk mail worker (${sent} outbox messages)`, messagesPerSecond: Math.round(workerRate) },
  ]);
  console.log(
    `mail worker: ${Math.round(workerRate)} messages/s (target ≥ 100) against a relay greeting after ` +
      `${GREETING_DELAY_MS} ms; OUTBOX_CONCURRENCY=${config.OUTBOX_CONCURRENCY}`,
  );
  await db.$disconnect();
} finally {
  await relay.close();
  await database.drop();
}
