// A received message is stored before anything else happens to it: the raw
// bytes and their parsed form in one statement, so processing can fail, be
// retried or run on another instance and nothing is lost (docs/legal-rules.md#email-requests).

import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';
import type { Dependencies } from '../dependencies.js';
import { insertInboundMessage, type NewInboundMessage } from './inbound-mail-repo.js';

/** What the channel that received the message knows about it. */
export interface ReceivedEnvelope {
  /** The message's arrival: end of DATA, or the IMAP INTERNALDATE. The legal clock starts here. */
  receivedAt: Date;
  source: 'smtp' | 'imap';
  /** The SMTP MAIL FROM; '' for the null sender of a bounce; null when unknown (IMAP). */
  envelopeFrom?: string | null;
  envelopeTo?: readonly string[];
  clientAddress?: string | null;
  clientHelo?: string | null;
  imap?: { mailbox: string; uidValidity: bigint; uid: bigint };
}

/** Text kept for reading and classifying; the whole message stays in `raw`. */
const MAX_TEXT_CHARACTERS = 200_000;
const MAX_HEADER_CHARACTERS = 1_000;

export class MessageTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`A message of ${size} bytes is over the limit`);
    this.name = 'MessageTooLargeError';
  }
}

/**
 * Stores one message; answers its id, or null when it was stored before (an
 * IMAP message seen again after a restart).
 */
export async function storeInboundMessage(
  deps: Pick<Dependencies, 'db' | 'config'>,
  { raw, envelope }: { raw: Buffer; envelope: ReceivedEnvelope },
): Promise<string | null> {
  if (raw.length > deps.config.INBOUND_MAX_MESSAGE_BYTES) throw new MessageTooLargeError(raw.length);
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  return insertInboundMessage(deps.db, {
    ...(await parsedFields(parsed)),
    raw: new Uint8Array(raw),
    rawSize: raw.length,
    source: envelope.source,
    receivedAt: envelope.receivedAt,
    envelopeFrom: envelope.envelopeFrom ?? null,
    envelopeTo: (envelope.envelopeTo ?? []).map((address) => address.toLowerCase()),
    clientAddress: envelope.clientAddress ?? null,
    clientHelo: envelope.clientHelo ? bounded(envelope.clientHelo) : null,
    imapMailbox: envelope.imap?.mailbox ?? null,
    imapUidValidity: envelope.imap?.uidValidity ?? null,
    imapUid: envelope.imap?.uid ?? null,
  });
}

type ParsedFields = Omit<
  NewInboundMessage,
  | 'raw'
  | 'rawSize'
  | 'source'
  | 'receivedAt'
  | 'envelopeFrom'
  | 'envelopeTo'
  | 'clientAddress'
  | 'clientHelo'
  | 'imapMailbox'
  | 'imapUidValidity'
  | 'imapUid'
>;

async function parsedFields(parsed: ParsedMail): Promise<ParsedFields> {
  const from = firstAddress(parsed.from);
  // As written: mailparser folds some of these headers into structures of its own (List-*).
  const header = (name: string) => {
    const line = parsed.headerLines.find((found) => found.key === name)?.line;
    return line === undefined ? null : bounded(line.slice(line.indexOf(':') + 1).trim());
  };
  return {
    messageId: parsed.messageId ? bounded(parsed.messageId) : null,
    inReplyTo: parsed.inReplyTo ? bounded(parsed.inReplyTo) : null,
    references: [parsed.references ?? []].flat().slice(0, 50).map(bounded),
    fromAddress: from?.address ? bounded(from.address.toLowerCase()) : null,
    fromName: from?.name ? bounded(from.name) : null,
    subject: bounded(parsed.subject ?? ''),
    text: clean(parsed.text ?? '')
      .trim()
      .slice(0, MAX_TEXT_CHARACTERS),
    html: typeof parsed.html === 'string' ? clean(parsed.html).slice(0, MAX_TEXT_CHARACTERS) : null,
    autoSubmitted: header('auto-submitted'),
    listId: header('list-id'),
    precedence: header('precedence'),
    contentType: bounded(contentTypeOf(parsed.headers.get('content-type'))),
    attachments: await Promise.all(
      parsed.attachments
        .filter((attachment) => !attachment.related)
        .map(async (attachment) => ({
          filename: bounded(attachment.filename ?? ''),
          // The type is read from the content, never taken from the sender's label.
          mediaType: (await fileTypeFromBuffer(attachment.content))?.mime ?? 'application/octet-stream',
          declaredType: bounded(attachment.contentType),
          byteSize: attachment.size,
          sha256: createHash('sha256').update(attachment.content).digest('hex'),
        })),
    ),
  };
}

function firstAddress(address: AddressObject | AddressObject[] | undefined) {
  return [address ?? []].flat()[0]?.value[0];
}

/** The Content-Type with its parameters, e.g. `multipart/report; report-type=delivery-status`. */
function contentTypeOf(value: HeaderValue | undefined): string {
  if (typeof value === 'object' && value !== null && 'value' in value && typeof value.value === 'string') {
    const params = 'params' in value && value.params && typeof value.params === 'object' ? value.params : {};
    const rest = Object.entries(params)
      .filter(([name]) => name !== 'boundary')
      .map(([name, parameter]) => `; ${name}=${String(parameter)}`);
    return `${value.value}${rest.join('')}`;
  }
  return typeof value === 'string' ? value : 'text/plain';
}

/** PostgreSQL text holds no NUL characters. */
function clean(text: string): string {
  return text.replaceAll('\u0000', '');
}

function bounded(text: string): string {
  return clean(text).slice(0, MAX_HEADER_CHARACTERS);
}
