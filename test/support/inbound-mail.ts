// The email channel on the test app: the real SMTP listener on loopback, the
// processor of received mail, a real SMTP client (nodemailer) to write to the
// privacy address, and a line-by-line SMTP conversation for what nodemailer
// will not do (declare a SIZE, send an oversized DATA).

import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import {
  createInboundMailProcessor,
  type InboundMailProcessor,
} from '../../src/jobs/inbound-mail-processor.js';
import { startInboundSmtpServer, type InboundSmtpServer } from '../../src/mail/inbound-smtp-server.js';
import { startConsumerTestApp, type ConsumerTestApp } from './consumer.js';
import type { TestAppOptions } from './app.js';
import { useDuringSuite } from './suite.js';

export const PRIVACY_ADDRESS = 'privacy@rightsdesk.test';

export interface EmailChannelTestApp extends ConsumerTestApp {
  inbound: InboundSmtpServer;
  processor: InboundMailProcessor;
  /** Sends one message to the privacy address through the listener; answers its Message-ID. */
  send(message: OutgoingTestMail): Promise<string>;
  /** Processes what is stored, until nothing is pending. */
  processInbound(): Promise<void>;
}

export interface OutgoingTestMail {
  from: string;
  subject: string;
  text: string;
  to?: string;
  headers?: Record<string, string>;
  inReplyTo?: string;
  references?: string[];
  attachments?: { filename: string; content: Buffer }[];
  /** The SMTP MAIL FROM; '' for a bounce's null sender. */
  envelopeFrom?: string;
}

export async function startEmailChannelTestApp(options: TestAppOptions = {}): Promise<EmailChannelTestApp> {
  const harness = await startConsumerTestApp({
    ...options,
    environment: {
      BUSINESS_PRIVACY_EMAIL: PRIVACY_ADDRESS,
      MAIL_FROM: `Privacy team <${PRIVACY_ADDRESS}>`,
      ...options.environment,
    },
  });
  const inbound = await startInboundSmtpServer(harness.app.deps, { port: 0 });
  const processor = createInboundMailProcessor(harness.app.deps, { pollIntervalMs: 100 });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: inbound.port,
    secure: false,
    ignoreTLS: true,
  });
  return {
    ...harness,
    inbound,
    processor,
    async send(message) {
      const sent = await transport.sendMail({
        from: message.from,
        to: message.to ?? PRIVACY_ADDRESS,
        subject: message.subject,
        text: message.text,
        ...(message.headers && { headers: message.headers }),
        ...(message.inReplyTo && { inReplyTo: message.inReplyTo }),
        ...(message.references && { references: message.references }),
        ...(message.attachments && { attachments: message.attachments }),
        ...(message.envelopeFrom !== undefined && {
          envelope: { from: message.envelopeFrom, to: message.to ?? PRIVACY_ADDRESS },
        }),
      });
      return sent.messageId;
    },
    async processInbound() {
      while ((await processor.runOnce()) > 0) {
        // until nothing is pending
      }
    },
    close: async () => {
      await processor.stop();
      transport.close();
      await inbound.stop();
      await harness.close();
    },
  };
}

export function useEmailChannelTestApp(options: TestAppOptions = {}): EmailChannelTestApp {
  return useDuringSuite(
    () => startEmailChannelTestApp(options),
    (harness) => harness.close(),
  );
}

/**
 * Speaks SMTP line by line: each command is sent after the previous reply,
 * and the reply lines are answered (the greeting first). A command of bytes is
 * written as is (a message body).
 */
export async function smtpConversation(
  port: number,
  commands: readonly (string | Buffer)[],
): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  const replies: string[] = [];
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    // A reply ends with a line whose code is followed by a space (RFC 5321 §4.2.1).
    for (let end = buffer.search(/^\d{3} .*\r\n/m); end !== -1; end = buffer.search(/^\d{3} .*\r\n/m)) {
      const lineEnd = buffer.indexOf('\r\n', end) + 2;
      replies.push(buffer.slice(0, lineEnd).trim());
      buffer = buffer.slice(lineEnd);
    }
  });
  const waitForReplies = async (count: number) => {
    const deadline = Date.now() + 20_000;
    while (replies.length < count) {
      if (Date.now() > deadline || socket.destroyed)
        throw new Error(`SMTP replies so far: ${replies.join(' | ')}`);
      await sleep(10);
    }
  };
  await waitForReplies(1);
  let expected = 1;
  for (const command of commands) {
    const last = typeof command !== 'string';
    socket.write(typeof command === 'string' ? `${command}\r\n` : command);
    expected += 1;
    await waitForReplies(expected);
    if (last) continue;
    if (/^[45]/.test(replies.at(-1) ?? '') && !/^(RSET|QUIT)/.test(command)) break;
  }
  socket.end();
  return replies;
}
