// Staff posted a letter from /staff/letters: the outbox row is marked sent and
// the audit log records who posted it and which notice it was, in one
// transaction (STYLE rule 5). Answers the request's reference, for the page to
// say which letter it was.

import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import { RuleConflictError } from '../../domain/errors.js';
import type { Dependencies } from '../dependencies.js';
import { LETTER_TOPIC_PREFIX, noticeOfTopic } from './outbox-topics.js';

export async function markLetterSent(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { outboxId, actor }: { outboxId: string; actor: Actor & { type: 'staff' } },
): Promise<string | null> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    // Claimed by its status: of two officers marking the same letter, one wins and the other is told.
    const [marked] = await tx.$queryRaw<{ request_id: string | null; topic: string }[]>`
      UPDATE outbox_messages SET status = 'sent', sent_at = ${now}, locked_until = NULL
      WHERE id = ${outboxId}::uuid AND starts_with(topic, ${LETTER_TOPIC_PREFIX}) AND status = 'pending'
      RETURNING payload->>'requestId' AS request_id, topic`;
    const notice = marked === undefined ? null : noticeOfTopic(marked.topic);
    if (marked === undefined || notice === null) {
      throw new RuleConflictError('LETTER.NOT_PENDING', 'This letter was already marked sent.');
    }
    await appendAuditEvents(
      tx,
      {
        actor,
        requestId: marked.request_id,
        events: [{ action: 'letter.marked_sent', payload: { outboxId, letter: notice.kind } }],
      },
      now,
    );
    const request =
      marked.request_id === null
        ? null
        : await tx.privacyRequest.findUnique({
            where: { id: marked.request_id },
            select: { reference: true },
          });
    return request?.reference ?? null;
  });
}
