// Local use without SMTP_URL (issue 4, part 3): a loopback SMTP server that
// keeps what it receives in memory, shown at /dev/mailbox, so a newcomer can
// read a verification code without a real mail server.

import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailboxMessage {
  /** Position in the mailbox, 1 first; the only thing that appears in a URL. */
  index: number;
  receivedAt: Date;
  to: string;
  subject: string;
  text: string;
}

export interface DevMailbox {
  readonly smtpUrl: string;
  messages(): readonly MailboxMessage[];
  stop(): Promise<void>;
}

/** Oldest messages are dropped beyond this, so a long session cannot grow memory without bound. */
const MAILBOX_CAPACITY = 500;

export async function startDevMailbox(): Promise<DevMailbox> {
  const received: MailboxMessage[] = [];
  let counter = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          counter += 1;
          received.push({
            index: counter,
            receivedAt: new Date(),
            to: addressText(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
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
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addressText(to: unknown): string {
  const list = Array.isArray(to) ? to : [to];
  return list
    .map((entry) => (entry && typeof entry === 'object' && 'text' in entry ? String(entry.text) : ''))
    .filter(Boolean)
    .join(', ');
}
