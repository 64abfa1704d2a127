// How each outbox topic becomes an email. Rows hold ids only;
// the message is written now, from the request as it is, in its language.
// Verification secrets are issued here, just before sending: stored as hashes,
// present in plain text only in the email (and a retry issues new ones).

import type { Config } from '../config/index.js';
import type { Database } from '../db/client.js';
import { fromDateColumn } from '../db/date-columns.js';
import type { PrivacyRequest, RequestAgent, RequestSubject } from '../db/generated/client.js';
import { findRequest, findRequestAgent, findRequestSubject } from '../services/requests/requests-repo.js';
import { findEmailChallenge, issueChallengeSecrets } from '../services/verification/email-challenges-repo.js';
import type { DataMap } from '../domain/fulfilment/data-map.js';
import { FULFILMENT_MAIL_TOPICS } from '../services/fulfilment/fulfilment-topics.js';
import type { OutgoingMessage } from '../mail/mailer.js';
import { prepareFulfilmentMail } from './fulfilment-mail.js';
import { formatDate, formatInstant, translator, type Language } from '../i18n/index.js';
import { linkParagraph, renderMail, type MailContent, type Paragraph } from '../mail/templates.js';
import {
  noticeOfTopic,
  STATUS_CHANGED_TOPIC,
  VERIFICATION_CODE_TOPIC,
} from '../services/notices/outbox-topics.js';
import { MORE_INFORMATION_TOPIC } from '../services/notices/outbox-topics.js';
import { noticeContentOf } from '../services/notices/notice-content.js';
import { generateCode, hashCode, hashToken, newSecretToken } from '../secrets.js';

interface MailContext {
  db: Database;
  config: Config;
  dataMap: DataMap;
  /** When the message is written: its dates and the expiry of the secrets it issues. */
  now: Date;
}

/** What the worker does with a row. */
type PreparedMail =
  | { kind: 'send'; message: OutgoingMessage }
  /** Nothing to send any more (e.g. the challenge was used meanwhile). */
  | { kind: 'skip' }
  /**
   * It cannot be sent and retrying cannot help, so the row fails at once: the
   * request has no email to write to (its subject was logged by staff with a
   * postal address only); what the consumer must be told goes by letter.
   */
  | { kind: 'undeliverable'; reason: 'MAIL.NO_EMAIL_ADDRESS' };

const SKIP: PreparedMail = { kind: 'skip' };
const NO_EMAIL_ADDRESS: PreparedMail = { kind: 'undeliverable', reason: 'MAIL.NO_EMAIL_ADDRESS' };

export async function prepareMail(
  context: MailContext,
  topic: string,
  payload: Record<string, unknown>,
): Promise<PreparedMail> {
  if (topic === VERIFICATION_CODE_TOPIC) return prepareVerificationMail(context, String(payload.challengeId));
  if (FULFILMENT_MAIL_TOPICS.includes(topic)) return prepareFulfilmentMail(context, topic, payload);
  const loaded = await loadRequest(context.db, String(payload.requestId));
  if (loaded === null) return SKIP;
  const { request, subject, agent } = loaded;
  const language = request.language;
  const t = translator(language);
  const type = t(`type.${request.type}`);

  let content: MailContent;
  let to = subject.email;
  let name = subject.firstName;
  const notice = noticeOfTopic(topic);
  if (notice?.delivery === 'email') {
    // Regs 7021(a): the receipt goes to whoever made the request, the agent when there is one.
    // Other notices go to the consumer, or to their agent when the consumer gave no email: the
    // same addresses noticeDeliveryFor looks at before choosing a letter instead.
    const toAgent = notice.kind === 'receipt_confirmation' || subject.email === null;
    if (toAgent && agent?.email) {
      to = agent.email;
      name = agent.name;
    }
    content = noticeContentOf(notice.kind, 'email', {
      request,
      payload,
      publicBaseUrl: context.config.PUBLIC_BASE_URL,
    });
  } else if (topic === STATUS_CHANGED_TOPIC) {
    content = {
      subject: t('mail.status.subject', { reference: request.reference }),
      paragraphs: [t('mail.status.body', { type }), t(`status.${request.status}`)],
    };
  } else if (topic === MORE_INFORMATION_TOPIC) {
    // Regs 7060: the business may ask for what it needs to verify or act; the clock keeps running.
    const message = typeof payload.message === 'string' ? payload.message : '';
    content = {
      subject: t('mail.more_information.subject', { reference: request.reference }),
      paragraphs: [
        t('mail.more_information.body', { type }),
        message,
        t('mail.more_information.reply', { date: formatDate(language, fromDateColumn(request.respondBy)) }),
      ],
    };
  } else {
    throw new Error(`No email is written for outbox topic "${topic}"`);
  }
  if (to === null) return NO_EMAIL_ADDRESS;
  const rendered = renderMail(language, { name, reference: request.reference, content });
  return { kind: 'send', message: { to, language, ...rendered } };
}

async function prepareVerificationMail(context: MailContext, challengeId: string): Promise<PreparedMail> {
  const { db, now, config } = context;
  const challenge = await findEmailChallenge(db, challengeId);
  if (challenge === null || challenge.consumedAt !== null || challenge.lockedAt !== null) return SKIP;
  const loaded = await loadRequest(db, challenge.requestId);
  if (loaded === null) return SKIP;
  const { request, subject, agent } = loaded;
  const waiting =
    challenge.purpose === 'status_lookup' ||
    request.status === 'awaiting_verification' ||
    request.status === 'awaiting_agent_authorization';
  if (!waiting) return SKIP;

  const code = generateCode();
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + config.VERIFICATION_CODE_TTL_HOURS * 3_600_000);
  // Committed before sending: if the send fails, these are simply replaced at the next try.
  const issued = await issueChallengeSecrets(db, {
    id: challenge.id,
    codeHash: hashCode(config.SESSION_SECRET, challenge.id, code),
    linkTokenHash: hashToken(token),
    expiresAt,
  });
  if (!issued) return SKIP;

  const language: Language = request.language;
  const t = translator(language);
  const expires = formatInstant(language, expiresAt, context.config.BUSINESS_TIMEZONE);
  const verifyLink = new URL(`/verify?token=${token}`, context.config.PUBLIC_BASE_URL).toString();
  const type = t(`type.${request.type}`);
  let subjectLine: string;
  let paragraphs: Paragraph[];
  switch (challenge.purpose) {
    case 'status_lookup':
      subjectLine = t('mail.status_code.subject', { reference: request.reference });
      paragraphs = [t('mail.status_code.body', { reference: request.reference, code, expires })];
      break;
    case 'agent_authorization_confirmation':
      subjectLine = t('mail.agent.subject', { reference: request.reference });
      paragraphs = [
        t('mail.agent.body', { agent: agent?.name ?? '', type, code, expires }),
        linkParagraph(language, 'mail.code.link', verifyLink),
        t('mail.agent.not_you'),
      ];
      break;
    case 'request_verification':
      subjectLine = t('mail.code.subject', { reference: request.reference });
      paragraphs = [
        t('mail.code.body', { code, expires }),
        linkParagraph(language, 'mail.code.link', verifyLink),
        t('mail.code.ignore'),
      ];
      break;
  }
  paragraphs.push(t('mail.code.never_share'));
  if (subject.email === null) return NO_EMAIL_ADDRESS;
  const rendered = renderMail(language, {
    name: subject.firstName,
    reference: request.reference,
    content: { subject: subjectLine, paragraphs },
  });
  return { kind: 'send', message: { to: subject.email, language, ...rendered } };
}

async function loadRequest(
  db: Database,
  requestId: string,
): Promise<{ request: PrivacyRequest; subject: RequestSubject; agent: RequestAgent | null } | null> {
  const request = await findRequest(db, requestId);
  const subject = request === null ? null : await findRequestSubject(db, requestId);
  if (request === null || subject === null) return null;
  const agent = await findRequestAgent(db, requestId);
  return { request: request.row, subject, agent };
}
