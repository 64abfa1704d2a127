// A message that asks for a request in so many words becomes one, received
// when the message arrived (Civ. 1798.130(a)(1): email is a way consumers may
// ask; the clock starts at receipt). The requester is who wrote; the receipt
// confirmation (Regs 7021(a)) answers their message in its thread, and the
// email verification follows as it does for a web request.
// An authorized agent's message (Regs 7063) makes the consumer's request: the
// sender is the agent, the attachment is kept as their proof of authority as
// if uploaded on the agent form, and the agent's steps follow from there.

import type { Transaction } from '../../db/client.js';
import type { InboundMessage, Language } from '../../db/generated/client.js';
import type { Actor } from '../../domain/audit-events.js';
import { JURISDICTION_OF_TYPE, type RequestType } from '../../domain/request-types.js';
import type { Dependencies } from '../dependencies.js';
import { consumerChallengeFor } from '../requests/submit-consumer-request.js';
import { SubmitRequestInputSchema } from '../requests/request-schemas.js';
import { recordProofOfAuthority, type AgentDocumentUpload } from '../requests/submit-agent-request.js';
import { writeSubmission } from '../requests/submit-request.js';
import { emailChallengeFor } from '../verification/start-email-verification.js';
import { insertRequestMessage } from '../conversations/conversations-repo.js';
import { threadReceiptUnder } from './inbound-mail-repo.js';

/** What the email does not say, the request records in these words; the officer reads the message. */
const AS_WRITTEN = 'As written in the email';
/** The receipt confirmation's outbox topic (services/notices/outbox-topics.ts). */
const RECEIPT_TOPIC = 'mail.receipt_confirmation';

/** The consumer an agent writes for, and the agent's proof of authority taken from the message. */
export interface AgentOnEmail {
  consumer: { email: string; firstName: string | null; lastName: string | null };
  document: AgentDocumentUpload;
}

export type NewRequestFromEmail = Pick<
  InboundMessage,
  'id' | 'receivedAt' | 'fromAddress' | 'fromName' | 'messageId' | 'references' | 'subject' | 'text'
>;

/**
 * The request, or null when the sender's address cannot make one (the message
 * then waits in the triage inbox). `settle` runs first in the transaction and
 * marks the message processed, so a message makes one request at most.
 */
export async function createRequestFromEmail(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  {
    message,
    type,
    language,
    actor,
    settle,
    agent,
  }: {
    message: NewRequestFromEmail;
    type: RequestType;
    language: Language;
    actor: Actor;
    settle: (tx: Transaction, requestId: string) => Promise<void>;
    /** Set when the sender is an authorized agent: the request is the consumer's, made by the agent. */
    agent?: AgentOnEmail;
  },
): Promise<string | null> {
  const parsed = SubmitRequestInputSchema.safeParse({
    type,
    channel: 'email',
    receivedAt: message.receivedAt.toISOString(),
    subject: {
      ...(agent === undefined ? namesOf(message) : namesGivenFor(agent.consumer)),
      email: agent === undefined ? message.fromAddress : agent.consumer.email,
      // The law the consumer invokes tells where they live until they say otherwise.
      state: JURISDICTION_OF_TYPE[type] === 'nv' ? 'NV' : 'CA',
    },
    ...(agent !== undefined && {
      submitter: 'authorized_agent',
      agent: { kind: 'person', name: agentNameOf(message), email: message.fromAddress },
    }),
    ...(type === 'know' && { know: { categories: true, specificPieces: false } }),
    ...(type === 'correct' && {
      correction: { field: 'other', currentValue: AS_WRITTEN, requestedValue: AS_WRITTEN },
    }),
  });
  if (!parsed.success) return null;
  const now = deps.clock.now();
  const { summary } = await writeSubmission(deps, {
    input: parsed.data,
    actor,
    extras: {
      language,
      // An agent's request sets off the consumer's steps once the proof is recorded (recordProofOfAuthority).
      setsOff: (submitted) => {
        if (agent !== undefined) return {};
        const purpose = consumerChallengeFor(submitted, deps.policy.lifecycle.agentAuthorization);
        return purpose === null
          ? {}
          : { emailChallenge: emailChallengeFor(deps, { requestId: submitted.requestId, purpose, now }) };
      },
      alsoWrite: async (tx, created) => {
        const requestId = created.row.id;
        await settle(tx, requestId);
        await insertRequestMessage(tx, {
          requestId,
          direction: 'in',
          channel: 'email',
          at: message.receivedAt,
          subject: message.subject,
          text: message.text,
          language,
          inboundMessageId: message.id,
          authorType: 'consumer',
          readAt: now,
        });
        if (message.messageId !== null) {
          await threadReceiptUnder(tx, {
            requestId,
            topic: RECEIPT_TOPIC,
            inReplyTo: message.messageId,
            references: [...message.references, message.messageId],
          });
        }
        if (agent !== undefined) return recordProofOfAuthority(deps, tx, created, agent.document, actor);
      },
    },
  });
  return summary.id;
}

/** The consumer's names where the agent wrote them; an opt-out or limit needs none (Regs 7026, 7027). */
function namesGivenFor(consumer: AgentOnEmail['consumer']) {
  return {
    ...(consumer.firstName !== null && { firstName: consumer.firstName }),
    ...(consumer.lastName !== null && { lastName: consumer.lastName }),
  };
}

/** The agent as the From line names them. */
function agentNameOf(message: Pick<InboundMessage, 'fromName' | 'fromAddress'>): string {
  const display = (message.fromName ?? '').replace(/["<>]/g, '').trim();
  return (display === '' ? (message.fromAddress ?? '') : display).slice(0, 200);
}

/** First and last name from the From display name, else from the address. */
function namesOf(message: Pick<InboundMessage, 'fromName' | 'fromAddress'>) {
  const display = (message.fromName ?? '').replace(/["<>]/g, '').trim();
  const words = (display === '' ? ((message.fromAddress ?? '').split('@')[0] ?? '') : display)
    .split(/\s+/)
    .filter(Boolean);
  const [first = '-', ...rest] = words;
  return { firstName: first.slice(0, 100), lastName: (rest.join(' ') || '-').slice(0, 100) };
}
