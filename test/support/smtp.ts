// The tests' SMTP server: the mailbox server `npm start` runs as its development
// mailbox (src/mail/mailbox-server.ts), reached through a loopback relay that
// outage tests switch off, so that the mailer meets a refused connection as it
// would a real SMTP server that is down.

import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { startMailboxServer, type MailboxMessage } from '../../src/mail/mailbox-server.js';

export type ReceivedMail = MailboxMessage;

export interface TestSmtpServer {
  readonly url: string;
  /** Every message received, oldest first. */
  readonly messages: readonly ReceivedMail[];
  /** Resolves once `count` messages (in all) have arrived, or rejects after timeoutMs. */
  waitForMessages(count: number, timeoutMs?: number): Promise<readonly ReceivedMail[]>;
  /** SMTP goes down: connections are refused until start(). */
  stop(): Promise<void>;
  /** SMTP is back, at the same URL. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const mailbox = await startMailboxServer();
  const { port: mailboxPort } = new URL(mailbox.smtpUrl);
  const sockets = new Set<Socket>();
  let relay: Server | null = null;
  let port = 0;

  const start = async () => {
    const listening = createServer((client) => {
      const upstream = connect(Number(mailboxPort), '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        socket.on('error', () => [client, upstream].forEach((either) => either.destroy()));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => resolve());
    });
    port = (listening.address() as AddressInfo).port;
    relay = listening;
  };
  const stop = async () => {
    const listening = relay;
    relay = null;
    for (const socket of sockets) socket.destroy();
    if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
  };
  await start();

  return {
    url: `smtp://127.0.0.1:${port}`,
    get messages() {
      return mailbox.messages();
    },
    async waitForMessages(count, timeoutMs) {
      if (count > 0) await mailbox.waitFor((message) => message.index >= count, timeoutMs);
      return mailbox.messages();
    },
    stop,
    start,
    close: async () => {
      await stop();
      await mailbox.stop();
    },
  };
}

/** The 6-digit code in a verification email. */
export function codeIn(mail: ReceivedMail): string {
  const match = /\b(\d{6})\b/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no code in "${mail.subject}"`);
  return match[1];
}

/** The one-click link's token in a verification email. */
export function linkTokenIn(mail: ReceivedMail): string {
  const match = /\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no link in "${mail.subject}"`);
  return match[1];
}
