import { describe, expect, it } from 'vitest';
import { NO_RATE_LIMITS } from './support/app.js';
import { useConsumerTestApp } from './support/consumer.js';
import { codeIn } from './support/smtp.js';
import { requestMoreInformation } from '../src/services/requests/request-more-information.js';

const harness = useConsumerTestApp({ environment: NO_RATE_LIMITS });

const submit = (email: string) =>
  harness.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    payload: { type: 'delete', subject: { firstName: 'Sam', lastName: 'Lee', email, state: 'CA' } },
  });

describe('the mail outbox', () => {
  it('keeps accepting requests while SMTP is down and delivers every message exactly once when it is back', async () => {
    await harness.smtp.stop();
    const emails = Array.from({ length: 5 }, (_, index) => `outage.${index}@example.com`);
    for (const email of emails) expect((await submit(email)).statusCode).toBe(201);

    // Two workers at once, as on two instances, while SMTP is still down.
    const second = harness.outbox;
    await Promise.all([harness.deliverMail(), second.runOnce()]);
    const pending = await harness.db.outboxMessage.findMany({ where: { status: 'pending' } });
    expect(pending).toHaveLength(10);
    expect(pending.every((row) => row.attempts >= 1 && row.lastError !== null)).toBe(true);
    expect(harness.smtp.messages).toHaveLength(0);

    await harness.smtp.start();
    const deadline = Date.now() + 10_000;
    while ((await harness.db.outboxMessage.count({ where: { status: 'pending' } })) > 0) {
      if (Date.now() > deadline) throw new Error('outbox did not drain');
      await Promise.all([harness.outbox.runOnce(), harness.outbox.runOnce()]);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.smtp.messages).toHaveLength(10);
    for (const email of emails) {
      const subjects = harness.smtp.messages.filter((mail) => mail.to === email).map((mail) => mail.subject);
      expect(subjects).toHaveLength(2);
      expect(new Set(subjects).size).toBe(2);
    }
    const sent = await harness.db.outboxMessage.findMany({ where: { status: 'sent' } });
    expect(sent).toHaveLength(10);
    expect(sent.every((row) => row.sentAt !== null && row.lockedUntil === null)).toBe(true);

    // The code that arrived is the one that works: each retry issued a new one.
    const codeMail = harness.smtp.messages.find((mail) => mail.to === emails[0] && /code/.test(mail.subject));
    const reference = /RD-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(codeMail!.subject)![0];
    const verified = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${reference}/verification`,
      payload: { code: codeIn(codeMail!) },
    });
    expect(verified.statusCode, verified.body).toBe(200);
  });

  it('retries for OUTBOX_RETRY_HOURS, then marks the message failed, logging no address', async () => {
    await harness.db.outboxMessage.updateMany({ data: { status: 'sent' } });
    await harness.smtp.stop();
    expect((await submit('gives.up@example.com')).statusCode).toBe(201);
    await harness.outbox.runOnce();
    const retried = await harness.db.outboxMessage.findMany({ where: { status: 'pending' } });
    expect(retried).toHaveLength(2);

    // Written a moment longer ago than the retry period, and due again.
    const retryPeriodMs = harness.config.OUTBOX_RETRY_HOURS * 3_600_000;
    await harness.db.outboxMessage.updateMany({
      where: { status: 'pending' },
      data: { createdAt: new Date(Date.now() - retryPeriodMs - 1_000), availableAt: new Date(0) },
    });
    await harness.outbox.runOnce();
    const failed = await harness.db.outboxMessage.findMany({ where: { status: 'failed' } });
    expect(failed).toHaveLength(2);
    expect(failed.every((row) => row.attempts >= 2 && row.lastError !== null)).toBe(true);
    expect(harness.logLines.some((line) => line.includes('failed for good'))).toBe(true);
    expect(harness.logLines.join('\n')).not.toContain('gives.up@example.com');
    await harness.smtp.start();
  });

  it('writes every notice in both languages, text and HTML, from the catalogues', async () => {
    for (const language of ['en', 'es'] as const) {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/api/v1/requests',
        payload: {
          type: 'limit',
          language,
          subject: {
            firstName: '<b>Zoe</b>',
            lastName: 'Park',
            email: `limit.${language}@example.com`,
            state: 'CA',
          },
        },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    await harness.deliverMail();
    await harness.smtp.waitForMessages(harness.smtp.messages.length);
    const english = harness.smtp.messages.filter((mail) => mail.to === 'limit.en@example.com');
    const spanish = harness.smtp.messages.filter((mail) => mail.to === 'limit.es@example.com');
    // Applied on arrival: the completion is the one confirmation, never a receipt promising a later answer.
    expect(english.map((mail) => mail.subject)).toEqual([expect.stringMatching(/is complete$/)]);
    expect(spanish.map((mail) => mail.subject).join('|')).toContain('está completa');
    for (const mail of [...english, ...spanish]) {
      expect(mail.html).toContain('&lt;b&gt;Zoe&lt;/b&gt;');
      expect(mail.html).not.toContain('<b>Zoe');
      expect(mail.text).toContain('<b>Zoe</b>');
    }
  });

  it("sends an officer's request for more information with their message and the due date", async () => {
    const { reference } = (await submit('more.info@example.com')).json();
    const created = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    const officer = await harness.db.staffUser.create({
      data: { email: 'officer.more@example.com', name: 'Officer', role: 'privacy_officer' },
    });
    await requestMoreInformation(harness.app.deps, {
      requestId: created.id,
      message: 'Please send the account number on your latest bill.',
      actor: { type: 'staff', id: officer.id },
    });
    const before = harness.smtp.messages.length;
    await harness.deliverMail();
    const received = await harness.smtp.waitForMessages(before + 1);
    const mail = received.find(
      (message) => message.to === 'more.info@example.com' && /more information/.test(message.subject),
    );
    expect(mail?.text).toContain('Please send the account number on your latest bill.');
    expect(mail?.text).toContain(String(created.respondBy.getUTCFullYear()));
  });
});
