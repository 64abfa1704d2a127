// An SMTP server that counts the messages it accepts by Message-ID, for tests
// (and bench/mail.ts) that must show each message arrives exactly once. Like a
// real relay, it accepts a message only when it answers 250 after DATA: a
// client gone before that answer has sent nothing. It can hold its answers (to
// kill a sender while messages are in flight), refuse every connection (an
// outage), and greet late (a slow relay).

import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface CountingSmtpServer {
  readonly url: string;
  /** Accepted messages per Message-ID. */
  readonly counts: ReadonlyMap<string, number>;
  accepted(): number;
  /** Messages received but not answered yet, while answers are held. */
  held(): number;
  /** Answers after DATA wait until release(). */
  hold(): void;
  release(): void;
  /** Connections and commands are refused (421) until up(). */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startCountingSmtpServer({ greetingDelayMs = 0 } = {}): Promise<CountingSmtpServer> {
  const counts = new Map<string, number>();
  const closedSessions = new Set<string>();
  const waiting = new Set<() => void>();
  let holding = false;
  let isDown = false;
  let accepted = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      if (isDown) return callback(Object.assign(new Error('Service not available'), { responseCode: 421 }));
      if (greetingDelayMs === 0) return callback();
      setTimeout(() => callback(), greetingDelayMs);
    },
    onMailFrom(_address, _session, callback) {
      // An outage also fails connections opened before it (a pooled sender keeps them).
      if (isDown) return callback(Object.assign(new Error('Service not available'), { responseCode: 421 }));
      callback();
    },
    onClose(session) {
      closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const messageId = /^message-id:\s*(\S+)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '';
        const answer = () => {
          if (closedSessions.has(session.id)) return callback(new Error('client gone'));
          counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
          accepted += 1;
          callback();
        };
        if (!holding) return answer();
        waiting.add(answer);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const release = () => {
    holding = false;
    for (const answer of waiting) answer();
    waiting.clear();
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    counts,
    accepted: () => accepted,
    held: () => waiting.size,
    hold: () => {
      holding = true;
    },
    release,
    down: () => {
      isDown = true;
    },
    up: () => {
      isDown = false;
    },
    close: async () => {
      release();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
