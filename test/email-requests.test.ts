// Requests that arrive by email: a real SMTP client writes to the listener,
// the processor turns messages into requests, replies, or nothing, and the
// receipt answers in the sender's thread.

import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PRIVACY_ADDRESS, useEmailChannelTestApp } from './support/inbound-mail.js';
import type { ReceivedMail } from './support/smtp.js';

const harness = useEmailChannelTestApp({ environment: { INBOUND_AUTO_ANSWERS_PER_SENDER_PER_DAY: '5' } });

async function requestOf(email: string) {
  return harness.db.privacyRequest.findFirst({
    where: { subject: { emailNormalized: email } },
    include: { messages: { orderBy: { at: 'asc' } } },
  });
}

/** The receipt confirmation (Regs 7021(a)) of the request `reference`, in English or Spanish; any request's without one. */
const isReceiptOf = (reference: string | undefined) => (mail: ReceivedMail) =>
  /^(We received|Recibimos)/.test(mail.subject) && mail.subject.includes(reference ?? '');

async function waitForRequest(email: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const request = await requestOf(email);
    if (request !== null || Date.now() > deadline) return request;
    await sleep(100);
  }
}

describe('requests made by email', () => {
  it('turns an English and a Spanish request into requests received when the listener accepted them', async () => {
    harness.processor.start();
    const cases = [
      {
        from: 'Ana Ruiz <ana.ruiz@example.com>',
        email: 'ana.ruiz@example.com',
        subject: 'California Rights Request',
        text: 'Hello, I want to know what personal information you have about me.',
        type: 'know',
        language: 'en',
      },
      {
        from: 'Luis Pérez <luis.perez@example.com>',
        email: 'luis.perez@example.com',
        subject: 'Solicitud de derechos de California',
        text: 'Hola, quiero que borren todos mis datos personales.',
        type: 'delete',
        language: 'es',
      },
    ];
    for (const mail of cases) {
      const before = Date.now();
      const messageId = await harness.send(mail);
      const after = Date.now();
      const request = await waitForRequest(mail.email);
      expect(request).toMatchObject({ channel: 'email', type: mail.type, language: mail.language });
      expect(request?.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(request?.receivedAt.getTime()).toBeLessThanOrEqual(after);
      const stored = await harness.db.inboundMessage.findFirstOrThrow({ where: { messageId } });
      expect(request?.receivedAt).toEqual(stored.receivedAt);
      expect(request?.messages).toMatchObject([{ direction: 'in', channel: 'email', subject: mail.subject }]);

      const receipt = await harness.mailTo(mail.email, isReceiptOf(request?.reference));
      expect(receipt.inReplyTo).toBe(messageId);
      expect(receipt.references).toContain(messageId);
      expect(receipt.language).toBe(mail.language);
    }
    await harness.processor.stop();
  });

  it('records a Shine the Light suppression email as an stl_suppression request, applied at once (Civ. 1798.83(c)(2))', async () => {
    await harness.send({
      from: 'Mia Chen <mia.chen@example.com>',
      subject: 'California Rights Request',
      text:
        'Please do not disclose my personal information to third parties for their direct marketing ' +
        'purposes. Add me to your suppression list.',
    });
    await harness.processInbound();
    const request = await requestOf('mia.chen@example.com');
    expect(request).toMatchObject({ channel: 'email', type: 'stl_suppression', status: 'completed' });
    const preference = await harness.db.consumerPreference.findUniqueOrThrow({
      where: { identityKind_identityValue: { identityKind: 'email', identityValue: 'mia.chen@example.com' } },
    });
    expect(preference).toMatchObject({ directMarketingSuppressed: true, doNotSellOrShare: false });
    const completion = await harness.mailTo('mia.chen@example.com', (mail) =>
      mail.subject.includes('is complete'),
    );
    expect(completion.text).toContain(
      'we do not disclose your personal information to third parties for their direct marketing purposes',
    );
  });

  it('adds a reply to the receipt to the request’s messages and creates no request', async () => {
    const request = await requestOf('ana.ruiz@example.com');
    const receipt = await harness.mailTo('ana.ruiz@example.com', isReceiptOf(request?.reference));
    const requestsBefore = await harness.db.privacyRequest.count();
    await harness.send({
      from: 'Ana Ruiz <ana.ruiz@example.com>',
      subject: `Re: ${receipt.subject}`,
      text: 'My account number is 12345. Please also delete everything.',
      inReplyTo: receipt.messageId ?? '',
      references: [receipt.messageId ?? ''],
    });
    await harness.processInbound();
    const after = await requestOf('ana.ruiz@example.com');
    expect(after?.messages.at(-1)).toMatchObject({
      direction: 'in',
      channel: 'email',
      text: expect.stringContaining('12345'),
      readAt: null,
    });
    expect(await harness.db.privacyRequest.count()).toBe(requestsBefore);
  });

  it('answers nothing and creates nothing for an auto-reply, a bounce or a list message', async () => {
    const requestsBefore = await harness.db.privacyRequest.count();
    const mailBefore = harness.smtp.messages.length;
    const receipt = harness.smtp.messages.find(
      (mail) => mail.to.includes('luis.perez@example.com') && isReceiptOf(undefined)(mail),
    );
    const outboxId = /<rd\.([0-9a-f-]{36})@/.exec(receipt?.messageId ?? '')?.[1];
    expect(outboxId).toBeDefined();

    await harness.send({
      from: 'Out of office <ooo@example.com>',
      subject: 'California Rights Request',
      text: 'I want to know what personal information you have. (I am away until Monday.)',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await harness.send({
      from: 'Mail Delivery System <mailer-daemon@example.com>',
      envelopeFrom: '',
      subject: 'Undelivered Mail Returned to Sender',
      text: `Your message could not be delivered.\n\nMessage-ID: ${receipt?.messageId ?? ''}\nDelete this.`,
    });
    await harness.send({
      from: 'Newsletter <news@lists.example.com>',
      subject: 'Do not sell: our weekly privacy digest',
      text: 'Opt out of everything!',
      headers: { 'List-Id': '<privacy-digest.lists.example.com>' },
    });
    await harness.processInbound();
    await harness.deliverMail();

    const kinds = await harness.db.inboundMessage.findMany({
      where: {
        fromAddress: { in: ['ooo@example.com', 'mailer-daemon@example.com', 'news@lists.example.com'] },
      },
      select: { classification: true, requestId: true, autoAnswered: true },
      orderBy: { receivedAt: 'asc' },
    });
    expect(kinds).toEqual([
      { classification: 'automatic', requestId: null, autoAnswered: false },
      { classification: 'bounce', requestId: null, autoAnswered: false },
      { classification: 'mailing_list', requestId: null, autoAnswered: false },
    ]);
    expect(await harness.db.privacyRequest.count()).toBe(requestsBefore);
    expect(harness.smtp.messages.length).toBe(mailBefore);
    const bounced = await harness.db.outboxMessage.findUniqueOrThrow({ where: { id: outboxId ?? '' } });
    expect(bounced.bouncedAt).not.toBeNull();
  });

  it('accepts mail for the privacy addresses only', async () => {
    await expect(
      harness.send({ from: 'ana.ruiz@example.com', to: 'someone-else@example.org', subject: 'x', text: 'x' }),
    ).rejects.toThrow(/550|No such mailbox/);
    expect(PRIVACY_ADDRESS).toBe(harness.config.privacyEmail);
  });
});
