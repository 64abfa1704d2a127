// The app with its mail worker pointed at a real SMTP server on loopback.

import type { Clock } from '../../src/clock.js';
import { createOutboxDispatcher, type OutboxDispatcher } from '../../src/jobs/outbox-dispatcher.js';
import { createMailer, type Mailer } from '../../src/mail/mailer.js';
import { startTestApp, type TestApp } from './app.js';
import type { TestDatabase } from './database.js';
import { startTestSmtpServer, type TestSmtpServer } from './smtp.js';

export interface ConsumerTestApp extends TestApp {
  smtp: TestSmtpServer;
  mailer: Mailer;
  outbox: OutboxDispatcher;
  /** Runs the mail worker until nothing is due. */
  deliverMail(): Promise<void>;
}

export async function startConsumerTestApp(
  options: { environment?: Record<string, string>; clock?: Clock; database?: TestDatabase } = {},
): Promise<ConsumerTestApp> {
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
  return {
    ...harness,
    smtp,
    mailer,
    outbox,
    deliverMail: async () => {
      while ((await outbox.runOnce()) > 0) {
        // until nothing is due
      }
    },
    close: async () => {
      await outbox.stop();
      mailer.close();
      await smtp.stop();
      await harness.close();
    },
  };
}
