// The development mailbox that `npm start` runs without SMTP_URL: what the mail
// worker sends arrives there, and /dev/mailbox lists it newest first, each message
// on a page of its own with its links, so a newcomer can read a code without a
// mail server. Without a mailbox the app has no /dev/mailbox at all.

import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { createMailer } from '../src/mail/mailer.js';
import { MAILBOX_CAPACITY, startMailboxServer } from '../src/mail/mailbox-server.js';
import { useTestApp } from './support/app.js';
import { useDuringSuite } from './support/suite.js';

const mailbox = useDuringSuite(startMailboxServer, (started) => started.stop());
const harness = useTestApp({ devMailbox: mailbox });

async function send(to: string, subject: string, text: string) {
  const mailer = createMailer(mailbox.smtpUrl, harness.config.MAIL_FROM);
  try {
    await mailer.send({ to, subject, text, html: `<p>${text}</p>`, language: 'es' });
  } finally {
    mailer.close();
  }
}

describe('/dev/mailbox', () => {
  it('lists every message newest first and shows each with its links, escaped', async () => {
    const link = 'http://127.0.0.1:3000/verify?token=Abc_123';
    await send(
      'ana@example.com',
      'Your code for RD-0000-0001',
      `Your code is 123456. <b>Or</b> open ${link}`,
    );
    await send('li@example.com', 'We received your request', 'Thank you.');
    const [first, second] = mailbox.messages();
    expect(first).toMatchObject({
      to: 'ana@example.com',
      subject: 'Your code for RD-0000-0001',
      language: 'es',
    });
    expect(first!.html).toContain('<p>Your code is 123456.');

    const list = await harness.app.inject({ url: '/dev/mailbox' });
    expect(list.statusCode).toBe(200);
    const newer = list.body.indexOf(`href="/dev/mailbox/${second!.index}">We received your request`);
    const older = list.body.indexOf(`href="/dev/mailbox/${first!.index}">Your code for RD-0000-0001`);
    expect(newer).toBeGreaterThan(-1);
    expect(older).toBeGreaterThan(newer);
    expect(list.body).toContain('li@example.com');

    const page = await harness.app.inject({ url: `/dev/mailbox/${first!.index}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your code is 123456. &lt;b&gt;Or&lt;/b&gt;');
    expect(page.body).toContain(`<a href="${link}">`);
  });

  it('answers a message it does not hold with 404 and a position that is no number with 400', async () => {
    expect((await harness.app.inject({ url: '/dev/mailbox/999999' })).statusCode).toBe(404);
    expect((await harness.app.inject({ url: '/dev/mailbox/first' })).statusCode).toBe(400);
  });

  it(`keeps the last ${MAILBOX_CAPACITY} messages, dropping the oldest`, async () => {
    const own = await startMailboxServer();
    const transport = nodemailer.createTransport({ url: own.smtpUrl, pool: true, maxMessages: Infinity });
    try {
      for (let number = 1; number <= MAILBOX_CAPACITY + 2; number += 1) {
        await transport.sendMail({
          from: 'a@example.com',
          to: 'b@example.com',
          subject: `#${number}`,
          text: '.',
        });
      }
      const kept = own.messages();
      expect(kept).toHaveLength(MAILBOX_CAPACITY);
      expect(kept[0]).toMatchObject({ index: 3, subject: '#3' });
      expect(own.find(2)).toBeUndefined();
      expect(own.find(MAILBOX_CAPACITY + 2)?.subject).toBe(`#${MAILBOX_CAPACITY + 2}`);
    } finally {
      transport.close();
      await own.stop();
    }
  });
});

describe('an app without a development mailbox', () => {
  const withoutMailbox = useTestApp();

  it('has no /dev/mailbox', async () => {
    expect((await withoutMailbox.app.inject({ url: '/dev/mailbox' })).statusCode).toBe(404);
  });
});
