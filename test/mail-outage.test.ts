import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxDispatcher, type OutboxDispatcher } from '../src/jobs/outbox-dispatcher.js';
import { createMailer, type Mailer } from '../src/mail/mailer.js';
import { NO_RATE_LIMITS, startTestApp, type TestApp } from './support/app.js';
import { startCountingSmtpServer, type CountingSmtpServer } from './support/counting-smtp.js';
import { createTestClock } from './support/services.js';

const OUTAGE_MS = 10 * 60_000;
const STEP_MS = 15_000;
const REQUESTS = 10;

const clock = createTestClock('2026-01-05T17:00:00Z');
let smtp: CountingSmtpServer;
let harness: TestApp;
let mailers: Mailer[];
let instances: OutboxDispatcher[];

beforeAll(async () => {
  smtp = await startCountingSmtpServer();
  harness = await startTestApp({ clock, environment: { ...NO_RATE_LIMITS, SMTP_URL: smtp.url } });
  // Two instances' mail workers, each with its pooled connections.
  mailers = [1, 2].map(() => createMailer(smtp.url, harness.config.MAIL_FROM, { connections: 4 }));
  instances = mailers.map((mailer) => createOutboxDispatcher({ ...harness.app.deps, mailer }));
});

afterAll(async () => {
  for (const mailer of mailers) mailer.close();
  await harness.close();
  await smtp.close();
});

const advance = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
const runBothInstances = () => Promise.all(instances.map((instance) => instance.runOnce()));

describe('mail through a ten-minute SMTP outage', () => {
  it('keeps every message, retries on the clock, and sends each exactly once when SMTP is back', async () => {
    smtp.down();
    for (let index = 0; index < REQUESTS; index += 1) {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/api/v1/requests',
        payload: {
          type: 'delete',
          subject: { firstName: 'Ana', lastName: 'Ruiz', email: `outage.${index}@example.com`, state: 'CA' },
        },
      });
      expect(response.statusCode).toBe(201);
    }

    for (let elapsed = 0; elapsed < OUTAGE_MS; elapsed += STEP_MS) {
      await runBothInstances();
      advance(STEP_MS);
    }
    const during = await harness.db.outboxMessage.findMany({ where: { topic: { startsWith: 'mail.' } } });
    expect(during).toHaveLength(2 * REQUESTS);
    expect(during.every((row) => row.status === 'pending' && row.attempts >= 5)).toBe(true);
    expect(smtp.accepted()).toBe(0);

    smtp.up();
    // The longest pause between two tries is ten minutes.
    advance(OUTAGE_MS);
    await runBothInstances();

    const after = await harness.db.outboxMessage.findMany({ where: { topic: { startsWith: 'mail.' } } });
    expect(after.every((row) => row.status === 'sent')).toBe(true);
    // Every Message-ID names its outbox row (src/domain/message-ids.ts).
    expect(
      [...smtp.counts.keys()].map((messageId) => /<rd\.([0-9a-f-]{36})@/.exec(messageId)?.[1]).sort(),
    ).toEqual(after.map((row) => row.id).sort());
    expect([...smtp.counts.values()].every((count) => count === 1)).toBe(true);
  });
});
