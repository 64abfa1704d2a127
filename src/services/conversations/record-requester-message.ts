// A requester's message joins their request's conversation, by email or from
// the status page, and waits, unread, in front of the request's officer.

import type { Transaction } from '../../db/client.js';
import type { Language } from '../../db/generated/client.js';
import { sha256Of, type Actor } from '../../domain/audit-events.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import { insertRequestMessage } from './conversations-repo.js';

export interface RequesterMessage {
  requestId: string;
  channel: 'email' | 'status_page';
  at: Date;
  subject: string;
  text: string;
  language: Language | null;
  inboundMessageId?: string;
}

/** In the caller's transaction: the message and its audit event. */
export async function recordRequesterMessage(
  tx: Transaction,
  { message, actor }: { message: RequesterMessage; actor: Actor },
): Promise<string> {
  const id = await insertRequestMessage(tx, {
    ...message,
    direction: 'in',
    authorType: actor.type,
    authorId: actor.id,
  });
  await appendAuditEvents(tx, {
    actor,
    requestId: message.requestId,
    events: [
      {
        action: 'request.message_received',
        payload: { requestMessageId: id, channel: message.channel, textSha256: sha256Of(message.text) },
      },
    ],
  });
  return id;
}
