// One request in full, for staff. Viewing a consumer's personal data is itself
// an audited event (docs/legal-rules.md#audit-trail).

import { appendAuditEvents, readAuditHistory } from '../audit/audit-log-repo.js';
import { findRequest, findRequestAgent, findRequestSubject } from './requests-repo.js';
import { listVerificationRecords } from '../verification/verification-records-repo.js';
import type { Actor, PersonalDataSection } from '../../domain/audit-events.js';
import { computeDeadlines } from '../../domain/deadlines.js';
import { NotFoundError } from '../../domain/errors.js';
import type { Dependencies } from '../dependencies.js';
import { detailOf, type RequestDetail } from './request-detail.js';
import { listConversation, type ThreadMessage } from '../conversations/list-conversation.js';

/** Throws NotFoundError for an unknown request. */
export async function getRequest(
  deps: Pick<Dependencies, 'db' | 'policy' | 'config'>,
  { requestId, actor }: { requestId: string; actor: Actor },
): Promise<RequestDetail & { messages: ThreadMessage[] }> {
  const { db, policy, config } = deps;
  // One transaction: the data is shown only if its viewing was recorded.
  return db.$transaction(async (tx) => {
    const loaded = await findRequest(tx, requestId);
    if (loaded === null) throw new NotFoundError('REQUEST.NOT_FOUND', 'No such request', { requestId });
    const { row, state } = loaded;
    // One query at a time: Prisma sends the queries of an `include` at once,
    // which a transaction's single connection can only queue.
    const subject = await findRequestSubject(tx, requestId);
    const agent = await findRequestAgent(tx, requestId);
    const verifications = await listVerificationRecords(tx, requestId);
    // The stored dates are the ones the queue uses; the explanations are counted
    // again under the current policy from the same receipt time and extension.
    const deadlines = computeDeadlines(
      {
        type: row.type,
        receivedAt: row.receivedAt,
        extended: row.extended,
        receivedAtDesignatedAddress: row.receivedAtDesignatedAddress ?? undefined,
      },
      policy.deadlines,
    );
    const history = await readAuditHistory(tx, requestId);
    const detail = detailOf({ row, subject, agent, verifications, state, deadlines, history });
    // The conversation quotes the requester: personal data, covered by the viewing recorded below.
    const messages = await listConversation({ db: tx, config }, row);

    const sections: PersonalDataSection[] = ['subject'];
    if (detail.agent !== null) sections.push('agent');
    if (detail.correction !== null) sections.push('correction');
    if (detail.verifications.some((record) => record.declarationSignedName !== null)) {
      sections.push('verification_declaration');
    }
    await appendAuditEvents(tx, {
      actor,
      requestId,
      events: [{ action: 'request.personal_data_viewed', payload: { sections } }],
    });
    return { ...detail, messages };
  });
}
