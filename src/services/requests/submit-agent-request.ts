// An authorized agent's request from the web form (Regs 7063; issue 4, part 1):
// the request, the agent's proof of authority (signed permission or power of
// attorney) with its SHA-256, the authorization step that proof records, and
// what follows as for the consumer's own request (consumerChallengeFor): the email
// that asks the consumer to verify and confirm, or an opt-out or limit applied
// at once with its preference record and completion notice, in ONE transaction.

import { randomUUID } from 'node:crypto';
import { hashToken } from '../../secrets.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Transaction } from '../../db/client.js';
import type { PrivacyRequest } from '../../db/generated/client.js';
import { enqueueOutboxMessages } from '../notices/outbox-repo.js';
import { saveRequestState, type LoadedRequest } from './requests-repo.js';
import { auditEntryOf, type Actor } from '../../domain/audit-events.js';
import { decideAndApplyAtOnce, evolve, type RequestState } from '../../domain/lifecycle/index.js';
import { startEmailVerification } from '../verification/consumer-verification.js';
import { noticeDeliveryFor, outboxMessagesFor } from '../notices/outbox-topics.js';
import { isOptOutKind, recordOptOutPreferences } from '../preferences/preferences.js';
import type { RequestSummary } from './request-summary.js';
import { consumerChallengeFor, type ConsumerSubmission } from './submit-consumer-request.js';
import { submitRequest } from './submit-request.js';
import type { Dependencies } from '../dependencies.js';

export const AGENT_DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AgentDocumentMediaType = (typeof AGENT_DOCUMENT_MEDIA_TYPES)[number];

export interface AgentDocumentUpload {
  kind: 'signed_permission' | 'power_of_attorney';
  /** Established from the bytes, never from what the browser claimed. */
  mediaType: AgentDocumentMediaType;
  content: Uint8Array;
}

export async function submitAgentRequest(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  {
    submission,
    document,
    actor = { type: 'consumer', id: null },
  }: { submission: ConsumerSubmission; document: AgentDocumentUpload; actor?: Actor },
): Promise<RequestSummary> {
  const summary = await submitRequest(deps, {
    input: submission.input,
    actor,
    extras: {
      language: submission.language,
      alsoWrite: (tx, created) => recordProofOfAuthority(deps, tx, created, { submission, document }, actor),
    },
  });
  return summary;
}

/**
 * The proof of authority, the authorization step it records, and what follows
 * from the state it leaves (decideAndApplyAtOnce, consumerChallengeFor):
 * the consumer's email challenge, or an opt-out or limit applied at once (Regs
 * 7026, 7027: the consumer's signed permission is the most an agent may be asked).
 */
async function recordProofOfAuthority(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  tx: Transaction,
  created: LoadedRequest,
  { submission, document }: { submission: ConsumerSubmission; document: AgentDocumentUpload },
  actor: Actor,
): Promise<PrivacyRequest> {
  const now = deps.clock.now();
  const { policy } = deps;
  const requestId = created.state.requestId;
  const { subject, agent } = submission.input;
  await tx.agentDocument.create({
    data: {
      requestId,
      kind: document.kind,
      mediaType: document.mediaType,
      byteSize: document.content.byteLength,
      sha256: hashToken(document.content),
      storageKey: `agent-documents/${requestId}/${randomUUID()}`,
      content: new Uint8Array(document.content),
      uploadedAt: now,
    },
  });

  // The proof records its authorization step, and what then follows at once (an opt-out applied).
  const events =
    created.state.status === 'awaiting_agent_authorization'
      ? decideAndApplyAtOnce(
          created.state,
          { kind: 'record_agent_authorization', step: document.kind },
          now,
          policy.lifecycle,
        )
      : [];
  const state = events.reduce<RequestState>(evolve, created.state);
  const challenge = consumerChallengeFor(state, policy.lifecycle.agentAuthorization);

  if (events.length > 0) {
    await saveRequestState(tx, created, state);
    if (isOptOutKind(state.type) && state.status === 'completed') {
      await recordOptOutPreferences(tx, { kind: state.type, identities: subject, at: now });
    }
    const delivery = noticeDeliveryFor({ subjectEmail: subject.email, agentEmail: agent?.email });
    await enqueueOutboxMessages(tx, outboxMessagesFor(requestId, events, delivery), now);
    await appendAuditEvents(tx, { actor, requestId, events: events.map(auditEntryOf) }, now);
  }
  if (challenge !== null) await startEmailVerification(deps, { requestId, purpose: challenge, tx });
  return tx.privacyRequest.findUniqueOrThrow({ where: { id: requestId } });
}
