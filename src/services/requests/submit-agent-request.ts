// An authorized agent's request from the web form (Regs 7063): the request,
// the agent's proof of authority (signed permission or power of attorney) with
// its SHA-256, the authorization step that proof records, and what follows as
// for the consumer's own request (consumerChallengeFor): the email that asks
// the consumer to verify and confirm, or an opt-out or limit applied at once
// with its preference record and completion notice, in ONE transaction.

import { hashToken } from '../../secrets.js';
import type { Transaction } from '../../db/client.js';
import type { PrivacyRequest } from '../../db/generated/client.js';
import { insertAgentDocument } from './agent-documents-repo.js';
import type { LoadedRequest } from './requests-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import { decideAndApplyAtOnce, evolve, type RequestState } from '../../domain/lifecycle/index.js';
import { startEmailVerification } from '../verification/start-email-verification.js';
import { recordDecision } from './record-decision.js';
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
      alsoWrite: (tx, created) => recordProofOfAuthority(deps, tx, created, document, actor),
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
export async function recordProofOfAuthority(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  tx: Transaction,
  created: LoadedRequest,
  document: AgentDocumentUpload,
  actor: Actor,
): Promise<PrivacyRequest> {
  const now = deps.clock.now();
  const { policy } = deps;
  const requestId = created.state.requestId;
  await insertAgentDocument(tx, {
    requestId,
    kind: document.kind,
    mediaType: document.mediaType,
    sha256: hashToken(document.content),
    content: document.content,
    uploadedAt: now,
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
  const row =
    events.length === 0
      ? created.row
      : await recordDecision(tx, { request: { loaded: created }, events, state, actor, now });
  const challenge = consumerChallengeFor(state, policy.lifecycle.agentAuthorization);
  if (challenge !== null) await startEmailVerification(deps, { requestId, purpose: challenge, tx });
  return row;
}
