// The files attached to a stored message: read again from its raw bytes (they
// are kept nowhere else) and each checked against the digest taken when the
// message was stored, so that what an officer opens or a request keeps is
// exactly what arrived.

import { simpleParser } from 'mailparser';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { InboundMessage } from '../../db/generated/client.js';
import { storableText } from '../../domain/storable-text.js';
import type { AgentDocumentMediaType } from '../requests/submit-agent-request.js';
import { checkAgentDocument } from '../requests/check-agent-document.js';

const StoredAttachmentsSchema = z.array(z.object({ mediaType: storableText(), sha256: storableText() }));

export interface StoredAttachment {
  /** Its position among the message's files, as the triage inbox lists them. */
  index: number;
  mediaType: string;
  sha256: string;
  content: Buffer;
}

export async function readStoredAttachments(
  message: Pick<InboundMessage, 'raw' | 'attachments'>,
): Promise<StoredAttachment[]> {
  const stored = StoredAttachmentsSchema.safeParse(message.attachments);
  if (!stored.success || stored.data.length === 0) return [];
  const parsed = await simpleParser(Buffer.from(message.raw), { skipImageLinks: true, skipTextToHtml: true });
  // The same selection as when it was stored: files, not images a message body refers to.
  const files = parsed.attachments.filter((file) => !file.related);
  return stored.data.flatMap(({ mediaType, sha256 }, index) => {
    const content = files[index]?.content;
    if (content === undefined || createHash('sha256').update(content).digest('hex') !== sha256) return [];
    return [{ index, mediaType, sha256, content }];
  });
}

/** The attachments that pass the checks of an agent's proof of authority (Regs 7063), with their type. */
export async function agentDocumentsIn(
  attachments: readonly StoredAttachment[],
): Promise<(StoredAttachment & { mediaType: AgentDocumentMediaType })[]> {
  const checked = await Promise.all(
    attachments.map(async (attachment) => ({
      attachment,
      check: await checkAgentDocument(attachment.content),
    })),
  );
  return checked.flatMap(({ attachment, check }) =>
    check.ok ? [{ ...attachment, mediaType: check.mediaType }] : [],
  );
}
