// Outgoing mail through nodemailer. Only the outbox worker sends.

import nodemailer from 'nodemailer';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string;
  /** Threading (RFC 5322 §3.6.4): this message's id (`<…@…>`; nodemailer makes one up without it) and the messages it answers. */
  messageId?: string;
  inReplyTo?: string;
  references?: readonly string[];
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** Bounded waits, so an SMTP server that hangs cannot hold a message forever. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Up to `connections` SMTP connections kept open and reused: a relay that is
 * slow to greet is met once per connection, not once per message.
 */
export function createMailer(smtpUrl: string, from: string, { connections = 1 } = {}): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: connections,
    maxMessages: Infinity,
    ...TIMEOUTS,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { 'Content-Language': message.language },
        ...(message.messageId !== undefined && { messageId: message.messageId }),
        ...(message.inReplyTo !== undefined && { inReplyTo: message.inReplyTo }),
        ...(message.references !== undefined && { references: [...message.references] }),
      });
    },
    close: () => transport.close(),
  };
}
