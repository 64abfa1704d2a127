// A message that asks for a request in so many words becomes one, received
// when the message arrived (Civ. 1798.130(a)(1): email is a way consumers may
// ask; the clock starts at receipt). The requester is who wrote; the receipt
// confirmation (Regs 7021(a)) answers their message in its thread, and the
// email verification follows as it does for a web request.

import type { Transaction } from '../../db/client.js';
import type { InboundMessage, Language } from '../../db/generated/client.js';
import type { Actor } from '../../domain/audit-events.js';
import { JURISDICTION_OF_TYPE, type RequestType } from '../../domain/request-types.js';
import type { Dependencies } from '../dependencies.js';
import { consumerChallengeFor } from '../requests/submit-consumer-request.js';
import { SubmitRequestInputSchema } from '../requests/request-schemas.js';
import { writeSubmission } from '../requests/submit-request.js';
import { emailChallengeFor } from '../verification/start-email-verification.js';
import { insertRequestMessage } from '../conversations/conversations-repo.js';
import { threadReceiptUnder } from './inbound-mail-repo.js';

/** What the email does not say, the request records in these words; the officer reads the message. */
const AS_WRITTEN = 'As written in the email';
/** The receipt confirmation's outbox topic (services/notices/outbox-topics.ts). */
const RECEIPT_TOPIC = 'mail.receipt_confirmation';

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
  }: {
    message: NewRequestFromEmail;
    type: RequestType;
    language: Language;
    actor: Actor;
    settle: (tx: Transaction, requestId: string) => Promise<void>;
  },
): Promise<string | null> {
  const parsed = SubmitRequestInputSchema.safeParse({
    type,
    channel: 'email',
    receivedAt: message.receivedAt.toISOString(),
    subject: {
      ...namesOf(message),
      email: message.fromAddress,
      // The law the consumer invokes tells where they live until they say otherwise.
      state: JURISDICTION_OF_TYPE[type] === 'nv' ? 'NV' : 'CA',
    },
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
      setsOff: (submitted) => {
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
      },
    },
  });
  return summary.id;
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
