// An authorized agent's request from the web form (Regs 7063; issue 4, part 1):
// the request, the agent's proof of authority (signed permission or power of
// attorney) with its SHA-256, the authorization step that proof records, and
// the email that asks the consumer to verify and confirm, in ONE transaction.

import { createHash, randomUUID } from 'node:crypto';
import { appendAuditEvents } from '../db/audit-log-repo.js';
import type { Transaction } from '../db/client.js';
import type { PrivacyRequest } from '../db/generated/client.js';
import { saveRequestState, type LoadedRequest } from '../db/requests-repo.js';
import { auditEntryOf, type Actor } from '../domain/audit-events.js';
import {
  decide,
  evolve,
  missingAgentAuthorizationSteps,
  type RequestState,
} from '../domain/lifecycle/index.js';
import type { ConsumerServiceDependencies } from './consumer-dependencies.js';
import { startEmailVerification } from './consumer-verification.js';
import type { RequestSummary } from './request-summary.js';
import type { ConsumerSubmission } from './submit-consumer-request.js';
import { submitRequest } from './submit-request.js';

export const AGENT_DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AgentDocumentMediaType = (typeof AGENT_DOCUMENT_MEDIA_TYPES)[number];

export interface AgentDocumentUpload {
  kind: 'signed_permission' | 'power_of_attorney';
  /** Established from the bytes, never from what the browser claimed. */
  mediaType: AgentDocumentMediaType;
  content: Uint8Array;
}

export async function submitAgentRequest(
  deps: ConsumerServiceDependencies,
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
      alsoWrite: (tx, created) => recordProofOfAuthority(deps, tx, created, document, actor),
    },
  });
  deps.wakeOutbox?.();
  return summary;
}

async function recordProofOfAuthority(
  deps: ConsumerServiceDependencies,
  tx: Transaction,
  created: LoadedRequest,
  document: AgentDocumentUpload,
  actor: Actor,
): Promise<PrivacyRequest> {
  const now = deps.clock.now();
  const { policy } = deps;
  const requestId = created.state.requestId;
  await tx.agentDocument.create({
    data: {
      requestId,
      kind: document.kind,
      mediaType: document.mediaType,
      byteSize: document.content.byteLength,
      sha256: createHash('sha256').update(document.content).digest('hex'),
      storageKey: `agent-documents/${requestId}/${randomUUID()}`,
      content: new Uint8Array(document.content),
      uploadedAt: now,
    },
  });

  let state: RequestState = created.state;
  if (state.status === 'awaiting_agent_authorization') {
    const step = document.kind === 'power_of_attorney' ? 'power_of_attorney' : 'signed_permission';
    const events = decide(state, { kind: 'record_agent_authorization', step }, now, policy.lifecycle);
    state = events.reduce<RequestState>(evolve, state);
    await saveRequestState(tx, created, state);
    await appendAuditEvents(tx, { actor, requestId, events: events.map(auditEntryOf) }, now);
  }

  if (state.status === 'awaiting_agent_authorization' && state.agentAuthorization !== null) {
    // Regs 7063(a)(2), (3): what is still missing is the consumer's own part, asked by their own email.
    const missing = missingAgentAuthorizationSteps(
      state.agentAuthorization,
      state.type,
      policy.lifecycle.agentAuthorization,
    );
    if (
      missing.some(
        (step) => step === 'consumer_verified_identity' || step === 'consumer_confirmed_permission',
      )
    ) {
      await startEmailVerification(deps, { requestId, purpose: 'agent_authorization_confirmation', tx });
    }
  } else if (state.status === 'awaiting_verification') {
    await startEmailVerification(deps, { requestId, purpose: 'request_verification', tx });
  }
  return tx.privacyRequest.findUniqueOrThrow({ where: { id: requestId } });
}
