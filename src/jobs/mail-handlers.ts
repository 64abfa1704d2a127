// How each outbox topic becomes an email. Rows hold ids only;
// the message is written now, from the request as it is, in its language.
// Verification secrets are issued here, just before sending: stored as hashes,
// present in plain text only in the email (and a retry issues new ones).

import { statusMessageOf } from '../services/verification/consumer-status.js';
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
import { MORE_INFORMATION_TOPIC, STAFF_SIGN_IN_THROTTLED_TOPIC } from '../services/notices/outbox-topics.js';
import { findStaffUser } from '../services/staff-accounts/staff-accounts-repo.js';
import { signInThrottledAlert } from '../mail/staff-alerts.js';
import { noticeContentOf } from '../services/notices/notice-content.js';
import { minorOptInInvitationFor } from '../services/preferences/consumer-minor-consent.js';
import { generateCode, hashCode, hashToken, newSecretToken } from '../secrets.js';
import { domainOf, messageIdOf } from '../domain/message-ids.js';
import { findLatestInboundOfRequest } from '../services/inbound-mail/inbound-mail-repo.js';
import { ACCESS_PACKAGE_CODE_TOPIC } from '../services/fulfilment-report/access-package-link.js';
import { completionDetailsFor, prepareDownloadCodeMail } from './access-package-mail.js';

interface MailContext {
  db: Database;
  config: Config;
  /** The outbox row being sent: its Message-ID names it, so replies and bounces lead back to it. */
  outboxId: string;
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

/** What writeMail gives: a message also names its request when the payload names it only through another row. */
type WrittenMail =
  Exclude<PreparedMail, { kind: 'send' }> | { kind: 'send'; message: OutgoingMessage; requestId?: string };

const SKIP: PreparedMail = { kind: 'skip' };
const NO_EMAIL_ADDRESS: PreparedMail = { kind: 'undeliverable', reason: 'MAIL.NO_EMAIL_ADDRESS' };

/** The message for an outbox row, threaded under what the requester wrote last. */
export async function prepareMail(
  context: MailContext,
  topic: string,
  payload: Record<string, unknown>,
): Promise<PreparedMail> {
  const written = await writeMail(context, topic, payload);
  if (written.kind !== 'send') return written;
  const messageId = messageIdOf(context.outboxId, domainOf(context.config.privacyEmail));
  const requestId =
    written.requestId ?? (typeof payload.requestId === 'string' ? payload.requestId : undefined);
  const thread = await threadOf(context, payload, requestId);
  return { kind: 'send', message: { ...written.message, messageId, ...thread } };
}

/**
 * The thread a message joins (RFC 5322 §3.6.4): the one its outbox row names
 * (a receipt answering the email that made the request), else the latest
 * message the requester sent about the request, if any.
 */
async function threadOf(
  context: MailContext,
  payload: Record<string, unknown>,
  requestId: string | undefined,
): Promise<{ inReplyTo?: string; references?: string[] }> {
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
  if (typeof payload.inReplyTo === 'string') {
    return { inReplyTo: payload.inReplyTo, references: strings(payload.references) };
  }
  if (requestId === undefined) return {};
  const latest = await findLatestInboundOfRequest(context.db, requestId);
  if (latest === null || latest.messageId === null) return {};
  return { inReplyTo: latest.messageId, references: [...latest.references, latest.messageId] };
}

async function writeMail(
  context: MailContext,
  topic: string,
  payload: Record<string, unknown>,
): Promise<WrittenMail> {
  if (topic === VERIFICATION_CODE_TOPIC) return prepareVerificationMail(context, String(payload.challengeId));
  if (topic === STAFF_SIGN_IN_THROTTLED_TOPIC) {
    const user = await findStaffUser(context.db, String(payload.userId));
    if (user === null || user.disabledAt !== null) return SKIP;
    const at = context.now;
    return {
      kind: 'send',
      message: signInThrottledAlert(user, { publicBaseUrl: context.config.PUBLIC_BASE_URL, at }),
    };
  }
  if (topic === ACCESS_PACKAGE_CODE_TOPIC) {
    const message = await prepareDownloadCodeMail(context, String(payload.packageId));
    return message === null ? SKIP : { kind: 'send', message };
  }
  if (FULFILMENT_MAIL_TOPICS.includes(topic)) return prepareFulfilmentMail(context, topic, payload);
  const loaded = await loadRequest(context.db, String(payload.requestId));
  if (loaded === null) return SKIP;
  const { request, subject, agent } = loaded;
  const language = request.language;
  const t = translator(language);
  // Regs 7021(a), 7063: the receipt and every later notice, update and question go to whoever
  // made the request, worded for them: the authorized agent when there is one (or when the
  // consumer gave no email, the same addresses noticeDeliveryFor looks at before choosing a
  // letter). The consumer is written to directly only to verify or to confirm the agent.
  const agentEmail = agent?.email ?? null;
  const toAgentFor =
    agent !== null && agentEmail !== null ? { consumer: `${subject.firstName} ${subject.lastName}` } : null;
  const type = toAgentFor === null ? t(`type.${request.type}`) : t(`agent_type.${request.type}`, toAgentFor);
  const to = toAgentFor === null ? subject.email : agentEmail;
  const name = toAgentFor === null || agent === null ? subject.firstName : agent.name;

  let content: MailContent;
  const notice = noticeOfTopic(topic);
  if (notice?.delivery === 'email') {
    content = noticeContentOf(notice.kind, 'email', {
      request,
      payload,
      publicBaseUrl: context.config.PUBLIC_BASE_URL,
      privacyPolicyUrl: context.config.privacyPolicyUrl,
      toAgentFor,
      completion:
        notice.kind === 'request_completed'
          ? await completionDetailsFor(context, request, { toAgent: to !== subject.email })
          : undefined,
      // An agent cannot opt in for the consumer: only the consumer, or a child's parent, is invited.
      minorOptInInvitation:
        notice.kind === 'receipt_confirmation' && toAgentFor === null
          ? await minorOptInInvitationFor(context.db, subject, {
              now: context.now,
              timeZone: context.config.BUSINESS_TIMEZONE,
            })
          : null,
    });
  } else if (topic === STATUS_CHANGED_TOPIC) {
    content = {
      subject: t('mail.status.subject', { reference: request.reference }),
      paragraphs: [t('mail.status.body', { type }), t(statusMessageOf(request, false))],
    };
  } else if (topic === MORE_INFORMATION_TOPIC) {
    // Regs 7060: the business may ask for what it needs to verify or act; the clock keeps running.
    const message = typeof payload.message === 'string' ? payload.message : '';
    content = {
      subject: t('mail.more_information.subject', { reference: request.reference }),
      paragraphs: [
        t('mail.more_information.body', { type }),
        message,
        t('mail.more_information.reply', {
          date: formatDate(language, fromDateColumn(request.respondBy)),
          link: new URL('/status', context.config.PUBLIC_BASE_URL).toString(),
        }),
      ],
    };
  } else {
    throw new Error(`No email is written for outbox topic "${topic}"`);
  }
  if (to === null) return NO_EMAIL_ADDRESS;
  if (toAgentFor !== null) content.paragraphs.unshift(t('mail.agent_intro', toAgentFor));
  const rendered = renderMail(language, { name, reference: request.reference, content });
  return { kind: 'send', message: { to, language, ...rendered } };
}

async function prepareVerificationMail(context: MailContext, challengeId: string): Promise<WrittenMail> {
  const { db, now, config } = context;
  const challenge = await findEmailChallenge(db, challengeId);
  if (challenge === null || challenge.consumedAt !== null || challenge.lockedAt !== null) return SKIP;
  const loaded = await loadRequest(db, challenge.requestId);
  if (loaded === null) return SKIP;
  const { request, subject, agent } = loaded;
  const waiting =
    challenge.purpose === 'status_lookup' ||
    challenge.purpose === 'minor_consent' ||
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
    case 'minor_consent':
      subjectLine = t('mail.minor_consent_code.subject');
      paragraphs = [t('mail.minor_consent_code.body', { reference: request.reference, code, expires })];
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
  // The agent looks up the status of the request they made (Regs 7063); the consumer verifies
  // and confirms the agent by their own email.
  const agentLooksUp = challenge.purpose === 'status_lookup' && agent?.email;
  const to = agentLooksUp ? agent.email : subject.email;
  if (to === null) return NO_EMAIL_ADDRESS;
  const rendered = renderMail(language, {
    name: agentLooksUp ? agent.name : subject.firstName,
    reference: request.reference,
    content: { subject: subjectLine, paragraphs },
  });
  return { kind: 'send', message: { to, language, ...rendered }, requestId: request.id };
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
