// The listener's limits: an oversized message is refused with 552 and nothing
// of it is kept; a sender over its hourly allowance is told to come back later.

import { describe, expect, it } from 'vitest';
import { PRIVACY_ADDRESS, smtpConversation, useEmailChannelTestApp } from './support/inbound-mail.js';

const harness = useEmailChannelTestApp({ environment: { INBOUND_MESSAGES_PER_SENDER_PER_HOUR: '2' } });
const LIMIT = 25 * 1024 * 1024;

async function nothingKept() {
  await harness.processInbound();
  await harness.deliverMail();
  expect(await harness.db.inboundMessage.count({ where: { envelopeFrom: 'big@example.com' } })).toBe(0);
  expect(await harness.db.privacyRequest.count()).toBe(0);
  expect(harness.smtp.messages).toHaveLength(0);
}

/** A request by email, padded with text to `size` bytes. */
function message(size: number): Buffer {
  const head = [
    'From: Big Sender <big@example.com>',
    `To: ${PRIVACY_ADDRESS}`,
    'Subject: California Rights Request',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please delete my personal information.',
    '',
  ].join('\r\n');
  const line = `${'x'.repeat(76)}\r\n`;
  const lines = Math.ceil((size - head.length) / line.length);
  return Buffer.from(`${head}${line.repeat(lines)}.\r\n`);
}

describe('the SMTP listener’s limits', () => {
  it('uses 25 MiB by default', () => {
    expect(harness.config.INBOUND_MAX_MESSAGE_BYTES).toBe(LIMIT);
  });

  it('refuses at MAIL FROM a message that declares a larger SIZE, and keeps nothing', async () => {
    const replies = await smtpConversation(harness.inbound.port, [
      'EHLO client.example.com',
      `MAIL FROM:<big@example.com> SIZE=${LIMIT + 1}`,
      'QUIT',
    ]);
    expect(replies[1]).toMatch(/SIZE/);
    expect(replies[2]).toMatch(/^552 /);
    await nothingKept();
  });

  it('refuses at the end of DATA a larger message that declared no size, and keeps nothing', async () => {
    const replies = await smtpConversation(harness.inbound.port, [
      'EHLO client.example.com',
      'MAIL FROM:<big@example.com>',
      `RCPT TO:<${PRIVACY_ADDRESS}>`,
      'DATA',
      message(LIMIT + 1024),
    ]);
    expect(replies.slice(2, 4).map((reply) => reply.slice(0, 3))).toEqual(['250', '250']);
    expect(replies[4]).toMatch(/^354/);
    expect(replies[5]).toMatch(/^552 /);
    await nothingKept();
  });

  it('accepts a message just under the limit', async () => {
    const replies = await smtpConversation(harness.inbound.port, [
      'EHLO client.example.com',
      'MAIL FROM:<just-under@example.com>',
      `RCPT TO:<${PRIVACY_ADDRESS}>`,
      'DATA',
      message(LIMIT - 4096),
      'QUIT',
    ]);
    expect(replies[5]).toMatch(/^250 /);
    expect(await harness.db.inboundMessage.count({ where: { envelopeFrom: 'just-under@example.com' } })).toBe(
      1,
    );
  });

  it('tells a sender over its hourly allowance to try again later (451)', async () => {
    const send = () => harness.send({ from: 'busy@example.com', subject: 'Hello', text: 'Hello' });
    await send();
    await send();
    await expect(send()).rejects.toThrow(/451/);
    expect(await harness.db.inboundMessage.count({ where: { envelopeFrom: 'busy@example.com' } })).toBe(2);
  });
});
