// The conversation on a request, oldest first: what the requester wrote (by
// email or from the status page), what officers wrote, and every notice the
// outbox holds about it, written out as it was sent, in the request's language.

import type { OutboxMessage, PrivacyRequest, RequestMessage } from '../../db/generated/client.js';
import { translator } from '../../i18n/index.js';
import type { Paragraph } from '../../mail/templates.js';
import type { Config } from '../../config/index.js';
import type { Database, Transaction } from '../../db/client.js';
import { noticeContentOf } from '../notices/notice-content.js';
import {
  MORE_INFORMATION_TOPIC,
  noticeOfTopic,
  STATUS_CHANGED_TOPIC,
  VERIFICATION_CODE_TOPIC,
} from '../notices/outbox-topics.js';
import { findRequestAgent, findRequestSubject } from '../requests/requests-repo.js';
import {
  listChallengeIdsOfRequest,
  listOutboxRowsOfRequest,
  listRequestMessageRows,
} from './conversations-repo.js';

export interface ThreadMessage {
  direction: 'in' | 'out';
  channel: 'email' | 'letter' | 'status_page';
  /** ISO instant: when it arrived, or was sent (queued, while it waits). */
  at: string;
  subject: string;
  text: string;
  /** Outgoing mail: where it stands; null for what the requester wrote. */
  delivery: 'pending' | 'sent' | 'failed' | 'bounced' | null;
  /** A requester's message no officer has read yet. */
  unread: boolean;
}

type OutboxRow = Pick<
  OutboxMessage,
  'id' | 'topic' | 'payload' | 'status' | 'createdAt' | 'sentAt' | 'bouncedAt'
>;

export async function listConversation(
  deps: { db: Database | Transaction; config: Pick<Config, 'PUBLIC_BASE_URL' | 'privacyPolicyUrl'> },
  request: PrivacyRequest,
): Promise<ThreadMessage[]> {
  const written = await listRequestMessageRows(deps.db, request.id);
  const challengeIds = await listChallengeIdsOfRequest(deps.db, request.id);
  const outbox = await listOutboxRowsOfRequest(deps.db, request.id, challengeIds);
  // Notices to an authorized agent were worded for the agent (src/jobs/mail-handlers.ts), and are shown so.
  const subject = await findRequestSubject(deps.db, request.id);
  const agent = await findRequestAgent(deps.db, request.id);
  const toAgentFor =
    subject !== null && agent?.email ? { consumer: `${subject.firstName} ${subject.lastName}` } : null;
  const carried = new Map(
    written.flatMap((message) => (message.outboxMessageId ? [[message.outboxMessageId, message]] : [])),
  );
  const messages = [
    ...written.map((message) => writtenMessageOf(message, outbox)),
    ...outbox
      .filter((row) => !carried.has(row.id) && !payloadOf(row).requestMessageId)
      .map((row) => outboxMessageOf(row, request, deps.config, toAgentFor)),
  ];
  return messages.sort((first, second) => first.at.localeCompare(second.at));
}

function writtenMessageOf(message: RequestMessage, outbox: readonly OutboxRow[]): ThreadMessage {
  const carrier = outbox.find((row) => row.id === message.outboxMessageId);
  return {
    direction: message.direction,
    channel: message.channel === 'status_page' ? 'status_page' : 'email',
    at: (carrier?.sentAt ?? message.at).toISOString(),
    subject: message.subject,
    text: message.text,
    delivery: carrier === undefined ? null : deliveryOf(carrier),
    unread: message.direction === 'in' && message.readAt === null,
  };
}

function outboxMessageOf(
  row: OutboxRow,
  request: PrivacyRequest,
  { PUBLIC_BASE_URL: publicBaseUrl, privacyPolicyUrl }: Pick<Config, 'PUBLIC_BASE_URL' | 'privacyPolicyUrl'>,
  toAgentFor: { consumer: string } | null,
): ThreadMessage {
  const t = translator(request.language);
  const payload = payloadOf(row);
  const type = t(`type.${request.type}`);
  const notice = noticeOfTopic(row.topic);
  let subject: string;
  let paragraphs: Paragraph[];
  if (notice !== null) {
    ({ subject, paragraphs } = noticeContentOf(notice.kind, notice.delivery, {
      request,
      payload,
      publicBaseUrl,
      privacyPolicyUrl,
      toAgentFor,
    }));
  } else if (row.topic === VERIFICATION_CODE_TOPIC) {
    // The code itself exists only in the email.
    subject = t('mail.code.subject', { reference: request.reference });
    paragraphs = [t('mail.thread.code_not_kept')];
  } else if (row.topic === STATUS_CHANGED_TOPIC) {
    subject = t('mail.status.subject', { reference: request.reference });
    paragraphs = [t('mail.status.body', { type })];
  } else if (row.topic === MORE_INFORMATION_TOPIC) {
    subject = t('mail.more_information.subject', { reference: request.reference });
    paragraphs = [typeof payload.message === 'string' ? payload.message : ''];
  } else {
    subject = row.topic;
    paragraphs = [];
  }
  return {
    direction: 'out',
    channel: notice?.delivery === 'letter' ? 'letter' : 'email',
    at: (row.sentAt ?? row.createdAt).toISOString(),
    subject,
    text: paragraphs
      .map((paragraph) => (typeof paragraph === 'string' ? paragraph : paragraph.text))
      .join('\n\n'),
    delivery: deliveryOf(row),
    unread: false,
  };
}

function deliveryOf(row: OutboxRow): ThreadMessage['delivery'] {
  return row.bouncedAt !== null ? 'bounced' : row.status;
}

function payloadOf(row: OutboxRow): Record<string, unknown> {
  return typeof row.payload === 'object' && row.payload !== null && !Array.isArray(row.payload)
    ? (row.payload as Record<string, unknown>)
    : {};
}
