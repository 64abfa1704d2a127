// An admin sends failed mail again (/staff/mail, `npm run cli -- mail:resend`):
// the messages go back in the queue, due now and retried for another
// OUTBOX_RETRY_HOURS, and the audit log records who did it and which ones.

import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import type { Dependencies } from '../dependencies.js';
import { requeueFailedMail } from './mail-delivery-repo.js';

/** How many an audit event names one by one; more are re-sent in several events. */
const IDS_PER_EVENT = 1000;

/** Answers how many messages went back in the queue. */
export async function resendFailedMail(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { outboxIds, actor }: { outboxIds: readonly string[] | 'all'; actor: Actor },
): Promise<number> {
  const now = deps.clock.now();
  const retryUntil = new Date(now.getTime() + deps.config.OUTBOX_RETRY_HOURS * 3_600_000);
  return deps.db.$transaction(async (tx) => {
    const requeued = await requeueFailedMail(tx, { ids: outboxIds, now, retryUntil });
    const events = [];
    for (let start = 0; start < requeued.length; start += IDS_PER_EVENT) {
      const ids = requeued.slice(start, start + IDS_PER_EVENT);
      events.push({ action: 'mail.resent' as const, payload: { count: ids.length, outboxIds: ids } });
    }
    await appendAuditEvents(tx, { actor, requestId: null, events });
    return requeued.length;
  });
}
