// An officer opens a file attached to a received message (an agent's signed
// permission, say): read again from the stored raw message, checked against
// the digest taken when it was stored, and the viewing audited. Never served
// from a public address.

import { simpleParser } from 'mailparser';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/audit-events.js';
import { NotFoundError } from '../../domain/errors.js';
import { storableText } from '../../domain/storable-text.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { findInboundMessage } from './inbound-mail-repo.js';

const StoredAttachmentsSchema = z.array(z.object({ mediaType: storableText(), sha256: storableText() }));

const notFound = () => new NotFoundError('INBOX.NOT_FOUND', 'No such attachment.');

export async function openTriageAttachment(
  deps: Pick<Dependencies, 'db'>,
  { inboundMessageId, index, actor }: { inboundMessageId: string; index: number; actor: Actor },
): Promise<{ mediaType: string; content: Buffer }> {
  const message = await findInboundMessage(deps.db, inboundMessageId);
  const stored = StoredAttachmentsSchema.safeParse(message?.attachments);
  const expected = stored.success ? stored.data[index] : undefined;
  if (message === null || expected === undefined) throw notFound();
  const parsed = await simpleParser(Buffer.from(message.raw), { skipImageLinks: true, skipTextToHtml: true });
  // The same selection as when it was stored: files, not images a message body refers to.
  const attachment = parsed.attachments.filter((file) => !file.related)[index];
  if (
    attachment === undefined ||
    createHash('sha256').update(attachment.content).digest('hex') !== expected.sha256
  ) {
    throw notFound();
  }
  await deps.db.$transaction((tx) =>
    appendAuditEvents(tx, {
      actor,
      requestId: message.requestId,
      events: [{ action: 'inbound.attachment_viewed', payload: { inboundMessageId, index } }],
    }),
  );
  return { mediaType: expected.mediaType, content: attachment.content };
}
