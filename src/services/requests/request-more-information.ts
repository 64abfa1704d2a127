// Asking the requester for more information: a note of what was asked and the
// email that asks it, in one transaction with its audit event.

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { sha256Of, type Actor } from '../../domain/audit-events.js';
import { RuleConflictError } from '../../domain/errors.js';
import { isTerminal } from '../../domain/lifecycle/index.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { enqueueOutboxMessages } from '../notices/outbox-repo.js';
import { MORE_INFORMATION_TOPIC } from '../notices/outbox-topics.js';
import { insertRequestNoteRow } from './request-notes-repo.js';
import { requireRequestStatus } from './requests-repo.js';

export const MoreInformationInputSchema = z.object({ message: storableText().trim().min(1).max(5000) });

export async function requestMoreInformation(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { requestId, message, actor }: { requestId: string; message: string; actor: Actor & { type: 'staff' } },
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
    await enqueueOutboxMessages(
      tx,
      [{ topic: MORE_INFORMATION_TOPIC, payload: { requestId, noteId: note.id, message } }],
      now,
    );
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
