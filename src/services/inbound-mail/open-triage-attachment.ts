// An officer opens a file attached to a received message (an agent's signed
// permission, say): read again from the stored raw message, checked against
// the digest taken when it was stored, and the viewing audited. Never served
// from a public address.

import type { Actor } from '../../domain/audit-events.js';
import { NotFoundError } from '../../domain/errors.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { findInboundMessage } from './inbound-mail-repo.js';
import { readStoredAttachments } from './stored-attachments.js';

export async function openTriageAttachment(
  deps: Pick<Dependencies, 'db'>,
  { inboundMessageId, index, actor }: { inboundMessageId: string; index: number; actor: Actor },
): Promise<{ mediaType: string; content: Buffer }> {
  const message = await findInboundMessage(deps.db, inboundMessageId);
  const attachments = message === null ? [] : await readStoredAttachments(message);
  const attachment = attachments.find((file) => file.index === index);
  if (message === null || attachment === undefined) {
    throw new NotFoundError('INBOX.NOT_FOUND', 'No such attachment.');
  }
  await deps.db.$transaction((tx) =>
    appendAuditEvents(tx, {
      actor,
      requestId: message.requestId,
      events: [{ action: 'inbound.attachment_viewed', payload: { inboundMessageId, index } }],
    }),
  );
  return { mediaType: attachment.mediaType, content: attachment.content };
}
