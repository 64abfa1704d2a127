// Asking the requester for more information: a note of what was asked, the
// message in the request's conversation and the email that carries it, in one
// transaction with its audit event. The requester's answer (a reply to the
// email, or from the status page) joins the same conversation.

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { sha256Of, type Actor } from '../../domain/audit-events.js';
import { InvalidCommandError, RuleConflictError } from '../../domain/errors.js';
import { guessTextLanguage } from '../../domain/text-language.js';
import { isTerminal } from '../../domain/lifecycle/index.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { enqueueOutboxMessages } from '../notices/outbox-repo.js';
import { MORE_INFORMATION_TOPIC } from '../notices/outbox-topics.js';
import { insertRequestNoteRow } from './request-notes-repo.js';
import { findRequestRow, requireRequestStatus } from './requests-repo.js';
import { randomUUID } from 'node:crypto';
import { translator } from '../../i18n/index.js';
import { insertRequestMessage, linkRequestMessageToOutbox } from '../conversations/conversations-repo.js';

export const MoreInformationInputSchema = z.object({
  message: storableText().trim().min(1).max(5000),
  /** The officer saw the warning that the text is not in the requester's language, and sends it anyway. */
  confirmLanguage: z
    .preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean())
    .default(false),
});

const LANGUAGE_WARNING = {
  en: 'The requester reads English and this text is not in English: confirm to send it as it is.',
  es: 'The requester reads Spanish and this text is not in Spanish: confirm to send it as it is.',
} as const;

export async function requestMoreInformation(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  {
    requestId,
    message,
    confirmLanguage = false,
    actor,
  }: { requestId: string; message: string; confirmLanguage?: boolean; actor: Actor & { type: 'staff' } },
): Promise<{ noteId: string }> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const status = await requireRequestStatus(tx, requestId);
    if (isTerminal(status)) {
      throw new RuleConflictError('REQUEST.NOT_ALLOWED', `A request in status "${status}" is closed`, {
        status,
      });
    }
    const note = await insertRequestNoteRow(tx, {
      requestId,
      authorId: actor.id,
      body: `Asked the requester: ${message}`,
      now,
    });
    const { language, reference } = await findRequestRow(tx, requestId);
    const written = guessTextLanguage(message);
    if (written !== null && written !== language && !confirmLanguage) {
      throw new InvalidCommandError('REQUEST.INVALID_COMMAND', LANGUAGE_WARNING[language], {
        field: 'message',
        requestLanguage: language,
      });
    }
    const requestMessageId = randomUUID();
    await insertRequestMessage(tx, {
      id: requestMessageId,
      requestId,
      direction: 'out',
      channel: 'email',
      at: now,
      subject: translator(language)('mail.more_information.subject', { reference }),
      text: message,
      language,
      authorType: 'staff',
      authorId: actor.id,
    });
    await enqueueOutboxMessages(
      tx,
      [{ topic: MORE_INFORMATION_TOPIC, payload: { requestId, noteId: note.id, message, requestMessageId } }],
      now,
    );
    await linkRequestMessageToOutbox(tx, requestMessageId);
    await appendAuditEvents(tx, {
      actor,
      requestId,
      events: [
        {
          action: 'request.more_information_requested',
          payload: { noteId: note.id, messageSha256: sha256Of(message) },
        },
      ],
    });
    return { noteId: note.id };
  });
}
