// The SMTP listener for the privacy addresses: a business forwards its privacy
// mailbox here or points an MX at it. It accepts mail for the configured
// addresses only, refuses what is over INBOUND_MAX_MESSAGE_BYTES with 552 (at
// MAIL FROM when a larger SIZE is declared, at the end of DATA otherwise) and
// keeps nothing of it, and answers 250 only once the message is stored: a
// failure before that is a temporary 451, so the sender's server tries again.

import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Dependencies } from '../services/dependencies.js';
import { isSenderOverHourlyLimit } from '../services/inbound-mail/check-sender-limit.js';
import { storeInboundMessage } from '../services/inbound-mail/store-inbound-message.js';

export interface InboundSmtpServer {
  readonly port: number;
  stop(): Promise<void>;
}

type ListenerDependencies = Pick<Dependencies, 'db' | 'config' | 'clock' | 'logger'>;

/** An error smtp-server answers with its own code. */
function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function startInboundSmtpServer(
  deps: ListenerDependencies,
  { port = deps.config.INBOUND_SMTP_PORT ?? 0 }: { port?: number } = {},
): Promise<InboundSmtpServer> {
  const { config, logger, clock } = deps;
  const accepted = new Set(config.inboundAddresses);
  const tls = await tlsOptions(deps);
  const server = new SMTPServer({
    name: new URL(config.PUBLIC_BASE_URL).hostname,
    banner: 'RightsDesk privacy mailbox',
    size: config.INBOUND_MAX_MESSAGE_BYTES,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: tls === null ? ['STARTTLS', 'AUTH'] : ['AUTH'],
    ...tls,
    logger: false,
    onMailFrom(address, _session, callback) {
      const sender = address.address.toLowerCase();
      if (sender === '') {
        callback();
        return;
      }
      isSenderOverHourlyLimit(deps, sender)
        .then((over) =>
          callback(
            over ? smtpError(451, '4.7.1 Too many messages from this sender; try again later') : undefined,
          ),
        )
        .catch(() => callback(smtpError(451, '4.3.0 Temporary failure; try again later')));
    },
    onRcptTo(address, _session, callback) {
      if (accepted.has(address.address.toLowerCase())) callback();
      else callback(smtpError(550, '5.1.1 No such mailbox here'));
    },
    onData(stream, session, callback) {
      readBounded(stream, config.INBOUND_MAX_MESSAGE_BYTES)
        .then(async (raw) => {
          // Over the limit (smtp-server answers 552 itself with rejectOversized): nothing is stored.
          if (raw === null) return callback(smtpError(552, '5.3.4 Message too big'));
          const receivedAt = clock.now();
          await storeInboundMessage(deps, { raw, envelope: envelopeOf(session, receivedAt) });
          callback();
        })
        .catch((error: unknown) => {
          // The error's class only: its message may quote the sender or the message.
          logger.error(
            { reason: error instanceof Error ? error.name : 'unknown' },
            'an inbound message could not be stored',
          );
          callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
        });
    },
  });
  server.on('error', (error) => logger.warn({ reason: error.name }, 'inbound SMTP connection error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, config.INBOUND_SMTP_HOST, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The message's bytes, or null once it is over `limit` (the rest is read and dropped). */
async function readBounded(stream: SMTPServerDataStream, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
    else chunks.length = 0;
  }
  return stream.sizeExceeded || size > limit ? null : Buffer.concat(chunks);
}

function envelopeOf(session: SMTPServerSession, receivedAt: Date) {
  const mailFrom = session.envelope.mailFrom;
  return {
    receivedAt,
    source: 'smtp' as const,
    envelopeFrom: mailFrom === false ? null : mailFrom.address.toLowerCase(),
    envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
    clientAddress: session.remoteAddress,
    clientHelo: session.hostNameAppearsAs,
  };
}

/** STARTTLS is offered when a certificate and its key are configured. */
async function tlsOptions({ config }: Pick<Dependencies, 'config'>) {
  if (config.INBOUND_TLS_CERT_FILE === undefined || config.INBOUND_TLS_KEY_FILE === undefined) return null;
  return {
    cert: await readFile(config.INBOUND_TLS_CERT_FILE),
    key: await readFile(config.INBOUND_TLS_KEY_FILE),
  };
}
