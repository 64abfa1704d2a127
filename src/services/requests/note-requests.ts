// Internal notes on a request, and asking the requester for more information
// (a note of what was asked plus a mail through the outbox), and assignment.
// Each is one transaction with its audit events, so none is kept unaudited.

import { isAssignable } from '../../domain/access-policy.js';
import { findStaffUser } from '../staff-accounts/staff-accounts-repo.js';
import { z } from 'zod';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Transaction } from '../../db/client.js';
import { enqueueOutboxMessages } from '../notices/outbox-repo.js';
import { sha256Of, type Actor } from '../../domain/audit-events.js';
import { NotFoundError, RuleConflictError } from '../../domain/errors.js';
import { isTerminal, type RequestStatus } from '../../domain/lifecycle/index.js';
import type { Dependencies } from '../dependencies.js';
import { insertRequestNoteRow } from './request-notes-repo.js';
import { assignRequestsAtVersions, findRequest, listRequestVersions } from './requests-repo.js';

export const NoteInputSchema = z.object({ body: z.string().trim().min(1).max(5000) });
export const MoreInformationInputSchema = z.object({ message: z.string().trim().min(1).max(5000) });

/**
 * The consumer is asked what is missing. The payload carries the officer's
 * question (as extension notices carry their reason), never the consumer's data.
 */
export const MORE_INFORMATION_TOPIC = 'mail.more_information_requested';

export async function addRequestNote(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { requestId, body, actor }: { requestId: string; body: string; actor: Actor & { type: 'staff' } },
): Promise<{ noteId: string }> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    await requireRequest(tx, requestId);
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
  await appendAuditEvents(
    tx,
    {
      actor,
      requestId,
      events: [{ action: 'request.note_added', payload: { noteId: note.id, bodySha256: sha256Of(body) } }],
    },
    now,
  );
  return { noteId: note.id };
}

export async function requestMoreInformation(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { requestId, message, actor }: { requestId: string; message: string; actor: Actor & { type: 'staff' } },
): Promise<{ noteId: string }> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const status = await requireRequest(tx, requestId);
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
    await appendAuditEvents(
      tx,
      {
        actor,
        requestId,
        events: [
          {
            action: 'request.more_information_requested',
            payload: { noteId: note.id, messageSha256: sha256Of(message) },
          },
        ],
      },
      now,
    );
    return { noteId: note.id };
  });
}

export const AssignInputSchema = z.object({
  /**
   * Each request with the version the assigner saw, when known (a page sends
   * it): a request changed since then is not reassigned over that change.
   */
  requests: z
    .array(z.object({ id: z.uuid(), version: z.number().int().min(1).optional() }))
    .min(1)
    .max(200),
  /** Null to unassign. */
  assigneeId: z.uuid().nullable(),
});

/**
 * Bulk or single: every request is assigned, or none is (one transaction).
 * Assignment is a state change like any other: guarded by
 * the request's version and bumping it, so a page showing an older assignment
 * cannot silently overwrite a newer one, and an action decided on the
 * previous assignee's page fails instead of passing unnoticed.
 */
export async function assignRequests(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { requests, assigneeId, actor }: z.output<typeof AssignInputSchema> & { actor: Actor },
): Promise<number> {
  const now = deps.clock.now();
  const expected = new Map<string, number | undefined>();
  for (const { id, version } of requests) expected.set(id, version ?? expected.get(id));
  const ids = [...expected.keys()];
  return deps.db.$transaction(async (tx) => {
    if (assigneeId !== null) {
      // Requests are worked by officers and admins; others cannot be assignees.
      const assignee = await findStaffUser(tx, assigneeId);
      if (assignee === null || assignee.disabledAt !== null || !isAssignable(assignee.role)) {
        throw new RuleConflictError(
          'REQUEST.NOT_ALLOWED',
          'Requests can be assigned to active officers and admins only',
        );
      }
    }
    const current = await listRequestVersions(tx, ids);
    if (current.length !== ids.length) throw new NotFoundError('REQUEST.NOT_FOUND', 'No such request');
    const guards = current.map((row) => ({ ...row, version: expected.get(row.id) ?? row.version }));
    const updated = await assignRequestsAtVersions(tx, { requests: guards, assigneeId, now });
    if (updated.length !== guards.length) {
      const done = new Set(updated);
      const stale = guards.filter((guard) => !done.has(guard.id)).map((guard) => guard.reference);
      throw new RuleConflictError(
        'REQUEST.CONCURRENT_UPDATE',
        `${stale.join(', ')} changed since this page was shown (someone assigned or acted on it); nothing was assigned. Look again and retry.`,
        { references: stale },
      );
    }
    for (const requestId of ids) {
      await appendAuditEvents(
        tx,
        { actor, requestId, events: [{ action: 'request.assigned', payload: { assigneeId } }] },
        now,
      );
    }
    return updated.length;
  });
}

async function requireRequest(tx: Transaction, requestId: string): Promise<RequestStatus> {
  const loaded = await findRequest(tx, requestId);
  if (loaded === null) throw new NotFoundError('REQUEST.NOT_FOUND', 'No such request', { requestId });
  return loaded.state.status;
}
