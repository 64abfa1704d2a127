// Staff posted a letter from /staff/letters: the outbox row is marked sent and
// the audit log records who posted it and which notice it was, in one
// transaction, so no letter is marked sent unaudited. Answers the request's
// reference, for the page to say which letter it was.

import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import { RuleConflictError } from '../../domain/errors.js';
import type { Dependencies } from '../dependencies.js';
import { findRequest } from '../requests/requests-repo.js';
import { markLetterSentRow } from './outbox-repo.js';
import { noticeOfTopic } from './outbox-topics.js';

export async function markLetterSent(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { outboxId, actor }: { outboxId: string; actor: Actor & { type: 'staff' } },
): Promise<string | null> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    // Of two officers marking the same letter, one wins and the other is told.
    const marked = await markLetterSentRow(tx, { id: outboxId, now });
    const notice = marked === null ? null : noticeOfTopic(marked.topic);
    if (marked === null || notice === null) {
      throw new RuleConflictError('LETTER.NOT_PENDING', 'This letter was already marked sent.');
    }
    await appendAuditEvents(tx, {
      actor,
      requestId: marked.requestId,
      events: [{ action: 'letter.marked_sent', payload: { outboxId, letter: notice.kind } }],
    });
    const request = marked.requestId === null ? null : await findRequest(tx, marked.requestId);
    return request?.row.reference ?? null;
  });
}
