// An officer resolves a message of the triage inbox (docs/legal-rules.md#email-requests):
// the inbox row is claimed in the same transaction as what follows, and audited.

import type { Transaction } from '../../db/client.js';
import type { InboundMessage } from '../../db/generated/client.js';
import type { AgentDocumentKind } from '../../domain/agent-email.js';
import { sha256Of, type Actor } from '../../domain/audit-events.js';
import { NotFoundError, RuleConflictError } from '../../domain/errors.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { findInboundMessage, resolveTriageMessage } from './inbound-mail-repo.js';

export type TriageResolutionKind = 'request_created' | 'attached' | 'not_a_request';

/** The message, if it waits in the triage inbox; throws otherwise. */
export async function findWaitingTriageMessage(
  deps: Pick<Dependencies, 'db'>,
  inboundMessageId: string,
): Promise<InboundMessage> {
  const message = await findInboundMessage(deps.db, inboundMessageId);
  if (message === null || message.classification !== 'triage') {
    throw new NotFoundError('INBOX.NOT_FOUND', 'No such message in the inbox', { inboundMessageId });
  }
  if (message.triageResolution !== null) throw alreadyResolved(inboundMessageId);
  return message;
}

/** In the caller's transaction: claims the inbox row for this resolution and records who resolved it and how. */
export async function claimTriageResolution(
  tx: Transaction,
  {
    inboundMessageId,
    resolution,
    requestId,
    reason,
    actor,
    now,
    agentDocument,
  }: {
    inboundMessageId: string;
    resolution: TriageResolutionKind;
    requestId: string | null;
    reason: string | null;
    actor: Actor & { type: 'staff' | 'api_token' };
    now: Date;
    /** The attachment taken as an authorized agent's proof of authority, when the request is an agent's. */
    agentDocument?: { index: number; kind: AgentDocumentKind; sha256: string };
  },
): Promise<void> {
  const claimed = await resolveTriageMessage(tx, {
    id: inboundMessageId,
    resolution,
    requestId,
    staffId: actor.id,
    now,
  });
  if (!claimed) throw alreadyResolved(inboundMessageId);
  await appendAuditEvents(tx, {
    actor,
    requestId,
    events: [
      {
        action: 'inbound.triaged',
        payload: {
          inboundMessageId,
          resolution,
          reasonSha256: reason === null ? null : sha256Of(reason),
          ...(agentDocument !== undefined && { agentDocument }),
        },
      },
    ],
  });
}

function alreadyResolved(inboundMessageId: string) {
  return new RuleConflictError('INBOX.ALREADY_RESOLVED', 'Someone resolved this message already', {
    inboundMessageId,
  });
}
