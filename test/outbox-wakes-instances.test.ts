// A database trigger notifies every instance's mail worker when mail rows are
// written, whoever wrote them: mail leaves at once, not at the next poll.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxDispatcher, type OutboxDispatcher } from '../src/jobs/outbox-dispatcher.js';
import type { Mailer } from '../src/mail/mailer.js';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { startConsumerTestApp, type ConsumerTestApp } from './support/consumer.js';

/** Far longer than any wait below: only a notification can make the workers run. */
const POLL_INTERVAL_MS = 10 * 60_000;
/** How soon mail must arrive once it is written: seconds, even on a busy machine. */
const PROMPTLY_MS = 5_000;

let harness: ConsumerTestApp;
let officerToken: string;

beforeAll(async () => {
  harness = await startConsumerTestApp({
    // One message at a time per worker, so that two workers woken at once each take one.
    environment: { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_EMAIL: '0', OUTBOX_CONCURRENCY: '1' },
  });
  const created = await createApiToken(harness.app.deps, {
    input: { name: 'officer', role: 'privacy_officer' },
    actor: { type: 'system', id: 'test' },
  });
  officerToken = created.token;
});

afterAll(() => harness.close());

function startWorker(mailer: Mailer): OutboxDispatcher {
  const worker = createOutboxDispatcher(
    { ...harness.app.deps, mailer },
    { pollIntervalMs: POLL_INTERVAL_MS, listenUrl: harness.config.DATABASE_URL },
  );
  worker.start();
  return worker;
}

/**
 * Resolves once `count` connections listen for new mail, and the round each
 * worker runs as it starts listening has had time to end: what is written next is heard.
 */
async function untilListening(count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [{ listening }] = await harness.db.$queryRaw<[{ listening: number }]>`
      SELECT count(*)::int AS listening FROM pg_stat_activity
      WHERE datname = current_database() AND query = 'LISTEN "outbox_messages"'`;
    if (listening === count) break;
    if (Date.now() > deadline) throw new Error(`${listening} listeners, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}

async function submitDeleteRequest(email: string): Promise<{ id: string; reference: string }> {
  const response = await harness.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    payload: { type: 'delete', subject: { firstName: 'Wake', lastName: 'Up', email, state: 'CA' } },
  });
  expect(response.statusCode, response.body).toBe(201);
  const { reference } = response.json();
  const { id } = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
  return { id, reference };
}

describe('the mail outbox across instances', () => {
  it('sends mail written by a consumer submission and by the staff JSON API at once, without polling', async () => {
    const worker = startWorker(harness.mailer);
    try {
      await untilListening(1);
      const before = harness.smtp.messages.length;
      const { id } = await submitDeleteRequest('wake.submission@example.com');
      // The receipt and the verification code.
      await harness.smtp.waitForMessages(before + 2, PROMPTLY_MS);

      const extended = await harness.app.inject({
        method: 'POST',
        url: `/api/v1/staff/requests/${id}/extend`,
        headers: { authorization: `Bearer ${officerToken}` },
        payload: { reason: 'The records are held by a service provider we must ask first.' },
      });
      expect(extended.statusCode, extended.body).toBe(200);
      const received = await harness.smtp.waitForMessages(before + 3, PROMPTLY_MS);
      expect(received.at(-1)?.text).toContain(
        'The records are held by a service provider we must ask first.',
      );
    } finally {
      await worker.stop();
    }
  });

  it('wakes the workers of two instances on one database, each taking a message', async () => {
    // Nothing waits from before: both messages below are written after the workers listen.
    expect(await harness.db.outboxMessage.count({ where: { status: 'pending' } })).toBe(0);
    const sentBy = new Set<string>();
    let bothSending: () => void = () => {};
    const bothStarted = new Promise<void>((resolve) => (bothSending = resolve));
    // Each instance's sends wait, up to a limit, until the other instance sends too:
    // a worker that was not woken never does, and the first one then sends both.
    const instanceMailer = (instance: string): Mailer => ({
      ...harness.mailer,
      send: async (message) => {
        sentBy.add(instance);
        if (sentBy.size === 2) bothSending();
        await Promise.race([bothStarted, new Promise((resolve) => setTimeout(resolve, PROMPTLY_MS))]);
        await harness.mailer.send(message);
      },
    });
    const workers = [startWorker(instanceMailer('one')), startWorker(instanceMailer('two'))];
    try {
      await untilListening(2);
      const before = harness.smtp.messages.length;
      await submitDeleteRequest('wake.both@example.com');
      await harness.smtp.waitForMessages(before + 2, 2 * PROMPTLY_MS);
      expect([...sentBy].sort()).toEqual(['one', 'two']);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });
});
