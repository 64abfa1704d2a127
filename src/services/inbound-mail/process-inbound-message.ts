// One stored message, claimed by the processor: its authentication signals,
// what it is (src/domain/inbound-classification.ts) and what follows, written
// in one transaction with the message marked processed, under the claim.
// Bounces, automatic messages and lists are never answered (RFC 3834 §2).

import type { Transaction } from '../../db/client.js';
import type { InboundMessage } from '../../db/generated/client.js';
import type { Actor } from '../../domain/audit-events.js';
import { classifyInboundMessage, type InboundVerdict } from '../../domain/inbound-classification.js';
import { domainOf, outboxIdsIn } from '../../domain/message-ids.js';
import { normalizeReference } from '../../domain/reference.js';
import type { Dependencies } from '../dependencies.js';
import { findRequestAgent, findRequestByReference, findRequestSubject } from '../requests/requests-repo.js';
import { checkAuthentication } from './check-authentication.js';
import { createRequestFromEmail } from './create-request-from-email.js';
import {
  countAutoAnswersTo,
  findInboundMessage,
  findRequestIdsOfOutboxRows,
  markOutboxRowsBounced,
  settleInboundMessage,
} from './inbound-mail-repo.js';
import { recordRequesterMessage } from '../conversations/record-requester-message.js';
import { agentDocumentsIn, readStoredAttachments } from './stored-attachments.js';

export class InboundClaimLostError extends Error {
  constructor() {
    super('The claim on the inbound message ended before it was processed');
    this.name = 'InboundClaimLostError';
  }
}

const EMAIL_CHANNEL: Actor = { type: 'system', id: 'email-channel' };
const DAY_MS = 86_400_000;
const REFERENCE_PATTERN = /\bRD-?[0-9A-Z]{4}-?[0-9A-Z]{4}\b/i;

type ProcessDependencies = Pick<Dependencies, 'db' | 'clock' | 'config' | 'policy'>;

/** What the message turned out to be; throws InboundClaimLostError when another processor took it over. */
export async function processInboundMessage(
  deps: ProcessDependencies,
  claim: { id: string; lockedUntil: Date },
): Promise<InboundVerdict['kind'] | null> {
  const message = await findInboundMessage(deps.db, claim.id);
  if (message === null || message.status !== 'pending') return null;
  const authentication = await checkAuthentication(message);
  const domain = domainOf(deps.config.privacyEmail);
  const agentDocuments = await agentDocumentsIn(await readStoredAttachments(message));
  let verdict = classifyInboundMessage({
    ...message,
    attachmentCount: Array.isArray(message.attachments) ? message.attachments.length : 0,
    agentDocumentCount: agentDocuments.length,
    businessDomains: deps.config.inboundAddresses.map(domainOf),
    threadRequestId: await findThreadRequest(deps, message, domain),
  });
  if (verdict.kind === 'new_request' && (await overAutoAnswerLimit(deps, message))) {
    verdict = {
      kind: 'triage',
      reason: 'the sender had their automatic answers for today: an officer decides',
    };
  }
  const now = deps.clock.now();
  const settle = async (tx: Transaction, requestId: string | null, autoAnswered = false) => {
    const settled = await settleInboundMessage(tx, claim, {
      classification: verdict.kind,
      reason: verdict.reason,
      requestId,
      authentication: { ...authentication },
      autoAnswered,
      now,
    });
    if (!settled) throw new InboundClaimLostError();
  };

  switch (verdict.kind) {
    case 'new_request': {
      // An agent's first acceptable attachment is their proof of authority (Regs 7063(a)).
      const [document] = agentDocuments;
      const agent =
        verdict.agent === undefined || document === undefined
          ? undefined
          : {
              consumer: verdict.agent.consumer,
              document: {
                kind: verdict.agent.documentKind,
                mediaType: document.mediaType,
                content: document.content,
              },
            };
      const requestId = await createRequestFromEmail(deps, {
        message,
        type: verdict.type,
        language: verdict.language,
        actor: EMAIL_CHANNEL,
        settle: (tx, id) => settle(tx, id, true),
        agent,
      });
      if (requestId !== null) return verdict.kind;
      verdict = {
        kind: 'triage',
        reason:
          agent === undefined
            ? 'the sender address cannot receive a request’s mail'
            : 'the agent’s or the consumer’s address cannot receive a request’s mail',
      };
      await deps.db.$transaction((tx) => settle(tx, null));
      return verdict.kind;
    }
    case 'reply': {
      const { requestId } = verdict;
      await deps.db.$transaction(async (tx) => {
        await settle(tx, requestId);
        await recordRequesterMessage(tx, {
          message: {
            requestId,
            channel: 'email',
            at: message.receivedAt,
            subject: message.subject,
            text: message.text,
            language: null,
            inboundMessageId: message.id,
          },
          actor: { type: 'consumer', id: null },
        });
      });
      return verdict.kind;
    }
    case 'bounce':
      await deps.db.$transaction(async (tx) => {
        await settle(tx, null);
        const outboxIds = outboxIdsIn(Buffer.from(message.raw).toString('latin1'), domain);
        await markOutboxRowsBounced(tx, { outboxIds, now });
      });
      return verdict.kind;
    case 'automatic':
    case 'mailing_list':
    case 'triage':
      await deps.db.$transaction((tx) => settle(tx, null));
      return verdict.kind;
  }
}

/**
 * The request a message answers: one RightsDesk wrote to (its Message-ID in
 * In-Reply-To or References), or one whose reference is in the subject, and
 * only when the sender is the request's consumer or agent, so that nobody can
 * write into someone else's conversation by quoting a reference.
 */
async function findThreadRequest(
  deps: ProcessDependencies,
  message: InboundMessage,
  domain: string,
): Promise<string | null> {
  const cited = outboxIdsIn([message.inReplyTo ?? '', ...message.references].join(' '), domain);
  const candidates = await findRequestIdsOfOutboxRows(deps.db, cited);
  const reference = normalizeReference(REFERENCE_PATTERN.exec(message.subject)?.[0] ?? '');
  if (reference !== null) {
    const byReference = await findRequestByReference(deps.db, reference);
    if (byReference !== null) candidates.push(byReference.id);
  }
  for (const requestId of candidates) {
    if (await isPartyOf(deps, requestId, message.fromAddress)) return requestId;
  }
  return null;
}

async function isPartyOf(
  deps: ProcessDependencies,
  requestId: string,
  sender: string | null,
): Promise<boolean> {
  if (sender === null) return false;
  const subject = await findRequestSubject(deps.db, requestId);
  const agent = await findRequestAgent(deps.db, requestId);
  return [subject?.email, agent?.email].some((address) => address?.toLowerCase() === sender);
}

async function overAutoAnswerLimit(deps: ProcessDependencies, message: InboundMessage): Promise<boolean> {
  if (message.fromAddress === null) return true;
  const since = new Date(deps.clock.now().getTime() - DAY_MS);
  const answered = await countAutoAnswersTo(deps.db, { sender: message.fromAddress, since });
  return answered >= deps.config.INBOUND_AUTO_ANSWERS_PER_SENDER_PER_DAY;
}
