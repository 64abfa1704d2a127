// Outgoing mail through nodemailer. Only the outbox worker sends.

import nodemailer from 'nodemailer';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string;
  /** Threading (RFC 5322 §3.6.4): this message's id and the messages it answers. */
  messageId?: string;
  inReplyTo?: string;
  references?: readonly string[];
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** Bounded waits, so an SMTP server that hangs cannot outlast a worker's lease. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS });
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
