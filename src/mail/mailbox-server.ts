// A loopback SMTP server that keeps what it receives in memory. `npm start`
// runs it as the development mailbox when SMTP_URL is unset (shown at
// /dev/mailbox, so a newcomer can read a verification code without a mail
// server); the tests run it as the SMTP server they read their mail from.

import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailboxMessage {
  /** Position in the mailbox, 1 first; the only thing that appears in a URL. */
  index: number;
  receivedAt: Date;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The Content-Language header, when the message has one. */
  language: string | undefined;
  /** Threading headers (RFC 5322 §3.6.4), to check that replies are threaded. */
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: readonly string[];
}

export interface MailboxServer {
  readonly smtpUrl: string;
  /** Oldest first. */
  messages(): readonly MailboxMessage[];
  find(index: number): MailboxMessage | undefined;
  /** The first message that matches, once one has arrived; rejects after `timeoutMs`. */
  waitFor(matches: (message: MailboxMessage) => boolean, timeoutMs?: number): Promise<MailboxMessage>;
  stop(): Promise<void>;
}

/** Oldest messages are dropped beyond this, so a long run cannot grow memory without bound. */
export const MAILBOX_CAPACITY = 500;

const WAIT_POLL_MS = 25;

export async function startMailboxServer(): Promise<MailboxServer> {
  const received: MailboxMessage[] = [];
  let counter = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const language = parsed.headers.get('content-language');
          counter += 1;
          received.push({
            index: counter,
            receivedAt: new Date(),
            to: addressText(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            language: typeof language === 'string' ? language : undefined,
            messageId: parsed.messageId,
            inReplyTo: parsed.inReplyTo,
            references: [parsed.references ?? []].flat(),
          });
          if (received.length > MAILBOX_CAPACITY) received.shift();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    messages: () => received,
    find: (index) => received.find((message) => message.index === index),
    async waitFor(matches, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(matches);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching message arrived within ${timeoutMs} ms`);
        await sleep(WAIT_POLL_MS);
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addressText(to: AddressObject | AddressObject[] | undefined): string {
  return [to ?? []]
    .flat()
    .map((address) => address.text)
    .filter(Boolean)
    .join(', ');
}
