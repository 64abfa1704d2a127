// Internal notes on a request: staff only, each with its audit event (the
// note's text is kept as a hash in the audit log), so none is kept unaudited.

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import type { Transaction } from '../../db/client.js';
import { sha256Of, type Actor } from '../../domain/audit-events.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { insertRequestNoteRow } from './request-notes-repo.js';
import { requireRequestStatus } from './requests-repo.js';

export const NoteInputSchema = z.object({ body: storableText().trim().min(1).max(5000) });

export async function addRequestNote(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { requestId, body, actor }: { requestId: string; body: string; actor: Actor & { type: 'staff' } },
): Promise<{ noteId: string }> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    await requireRequestStatus(tx, requestId);
    return insertRequestNote(tx, { requestId, body, actor, now });
  });
}

/** The note and its audit event, in the caller's transaction. */
export async function insertRequestNote(
  tx: Transaction,
  {
    requestId,
    body,
    actor,
    now,
  }: { requestId: string; body: string; actor: Actor & { type: 'staff' }; now: Date },
): Promise<{ noteId: string }> {
  const note = await insertRequestNoteRow(tx, { requestId, authorId: actor.id, body, now });
  await appendAuditEvents(tx, {
    actor,
    requestId,
    events: [{ action: 'request.note_added', payload: { noteId: note.id, bodySha256: sha256Of(body) } }],
  });
  return { noteId: note.id };
}
