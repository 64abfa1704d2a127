// The conversation as the requester sees it on the status page, once they
// proved control of the request's email; and their reply from there, which
// joins it as an email reply would and waits in front of the officer.

import { z } from 'zod';
import { InvalidCommandError } from '../../domain/errors.js';
import { isTerminal } from '../../domain/lifecycle/index.js';
import type { Dependencies } from '../dependencies.js';
import { findRequestByReference } from '../requests/requests-repo.js';
import { listConversation, type ThreadMessage } from './list-conversation.js';
import { recordRequesterMessage } from './record-requester-message.js';
import { storableText } from '../../domain/storable-text.js';

export const StatusPageReplySchema = z.object({ text: storableText().trim().min(1).max(5000) });

export type ConsumerThreadMessage = Pick<ThreadMessage, 'direction' | 'channel' | 'at' | 'subject' | 'text'>;

/** Null when there is no such request; callers check the browser's grant first. */
export async function listConsumerConversation(
  deps: Pick<Dependencies, 'db' | 'config'>,
  reference: string,
): Promise<ConsumerThreadMessage[] | null> {
  const request = await findRequestByReference(deps.db, reference);
  if (request === null) return null;
  const messages = await listConversation(deps, request);
  return messages.map(({ direction, channel, at, subject, text }) => ({
    direction,
    channel,
    at,
    subject,
    text,
  }));
}

export async function replyFromStatusPage(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { reference, text, subject }: { reference: string; text: string; subject: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const request = await findRequestByReference(tx, reference);
    if (request === null || isTerminal(request.status)) {
      throw new InvalidCommandError('REQUEST.INVALID_COMMAND', 'This request no longer takes messages', {
        field: 'text',
      });
    }
    await recordRequesterMessage(tx, {
      message: {
        requestId: request.id,
        channel: 'status_page',
        at: now,
        subject,
        text,
        language: request.language,
      },
      actor: { type: 'consumer', id: null },
    });
  });
}
