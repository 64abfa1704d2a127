// The app with its mail worker pointed at a real SMTP server on loopback.

import { setTimeout as sleep } from 'node:timers/promises';
import { createOutboxDispatcher, type OutboxDispatcher } from '../../src/jobs/outbox-dispatcher.js';
import { createMailer, type Mailer } from '../../src/mail/mailer.js';
import { startTestApp, type TestApp, type TestAppOptions } from './app.js';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from './smtp.js';
import { useDuringSuite } from './suite.js';

export interface ConsumerTestApp extends TestApp {
  smtp: TestSmtpServer;
  mailer: Mailer;
  outbox: OutboxDispatcher;
  /** Runs the mail worker until nothing is due. */
  deliverMail(): Promise<void>;
  /** Delivers what is due, then the mails to `email` once `count` have arrived (or those there are after 5 s). */
  mailsTo(email: string, count: number): Promise<ReceivedMail[]>;
  /** Delivers what the outbox holds until a mail to `email` that `matches` has arrived, and answers it. */
  mailTo(email: string, matches?: (mail: ReceivedMail) => boolean): Promise<ReceivedMail>;
}

export async function startConsumerTestApp(options: TestAppOptions = {}): Promise<ConsumerTestApp> {
  const smtp = await startTestSmtpServer();
  const harness = await startTestApp({
    ...options,
    environment: { SMTP_URL: smtp.url, ...options.environment },
  });
  const mailer = createMailer(smtp.url, harness.config.MAIL_FROM);
  const outbox = createOutboxDispatcher(
    { ...harness.app.deps, mailer },
    { pollIntervalMs: 50, backoffBaseMs: 20 },
  );
  const deliverMail = async () => {
    while ((await outbox.runOnce()) > 0) {
      // until nothing is due
    }
  };
  const addressedTo = (email: string) => (mail: ReceivedMail) =>
    mail.to.toLowerCase().includes(email.toLowerCase());
  return {
    ...harness,
    smtp,
    mailer,
    outbox,
    deliverMail,
    mailsTo: async (email, count) => {
      await deliverMail();
      const deadline = Date.now() + 5_000;
      for (;;) {
        const found = smtp.messages.filter(addressedTo(email));
        if (found.length >= count || Date.now() > deadline) return found;
        await sleep(25);
      }
    },
    mailTo: async (email, matches = () => true) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        await deliverMail();
        const found = smtp.messages.find((mail) => addressedTo(email)(mail) && matches(mail));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching mail to ${email} arrived`);
        await sleep(50);
      }
    },
    close: async () => {
      await outbox.stop();
      mailer.close();
      await smtp.close();
      await harness.close();
    },
  };
}

/** startConsumerTestApp before the tests of the file, closed after them. */
export function useConsumerTestApp(options: TestAppOptions = {}): ConsumerTestApp {
  return useDuringSuite(
    () => startConsumerTestApp(options),
    (harness) => harness.close(),
  );
}
