// Mail a change obliges the business to send. Services write these topics to
// the outbox in the change's transaction, with ids only; the mail worker
// renders and sends after commit (STYLE rule 5).
//
// Each notice the business owes a requester goes by email, or by letter when
// the request has no email address to write to (logged by staff with a postal
// address only): `mail.<kind>` or `letter.<kind>`. The mail worker claims only
// `mail.*`; staff print `letter.*` from /staff/letters and mark them sent.

import { unreachable } from '../../domain/errors.js';
import type { RequestEvent } from '../../domain/lifecycle/index.js';
import { NOTICE_KINDS, type NoticeKind } from '../../domain/notices.js';

/** How a notice reaches the requester. */
export type NoticeDelivery = 'email' | 'letter';

const TOPIC_PREFIX: Readonly<Record<NoticeDelivery, string>> = { email: 'mail', letter: 'letter' };

/** The outbox topic of a notice sent by `delivery`, e.g. `letter.extension_notice`. */
export function noticeTopic(kind: NoticeKind, delivery: NoticeDelivery): string {
  return `${TOPIC_PREFIX[delivery]}.${kind}`;
}

/** The notice an outbox topic carries, or null for a topic that is no notice (e.g. a code). */
export function noticeOfTopic(topic: string): { kind: NoticeKind; delivery: NoticeDelivery } | null {
  const [prefix, kind, ...rest] = topic.split('.');
  if (rest.length > 0 || !(NOTICE_KINDS as readonly (string | undefined)[]).includes(kind)) return null;
  const delivery = prefix === 'mail' ? 'email' : prefix === 'letter' ? 'letter' : null;
  return delivery === null ? null : { kind: kind as NoticeKind, delivery };
}

/**
 * Email when the request has an address to write to, the consumer's or their
 * authorized agent's; a letter to the postal address otherwise.
 */
export function noticeDeliveryFor(addresses: {
  subjectEmail: string | null | undefined;
  agentEmail: string | null | undefined;
}): NoticeDelivery {
  const hasEmail = Boolean(addresses.subjectEmail) || Boolean(addresses.agentEmail);
  return hasEmail ? 'email' : 'letter';
}

/** The outbox topics the mail worker claims and sends by email (SQL LIKE pattern). */
export const EMAIL_TOPIC_PATTERN = 'mail.%';

/** How the topics staff print and post from /staff/letters begin (`letter.<kind>`). */
export const LETTER_TOPIC_PREFIX = `${TOPIC_PREFIX.letter}.`;

/**
 * A code and one-click link for an email challenge; the payload names the
 * challenge only, and the worker issues the secrets when it sends (issue 4).
 */
export const VERIFICATION_CODE_TOPIC = 'mail.verification_code';

/** The consumer's own step moved the request on (e.g. verified by their code). */
export const STATUS_CHANGED_TOPIC = 'mail.status_changed';

/** The notice an event obliges, or null when it obliges none. */
export function noticeOf(event: RequestEvent): NoticeKind | null {
  switch (event.kind) {
    case 'deadline_extended':
      // Regs 7021(b), NRS 603A.345(4): notice and reason before the first deadline ends.
      return 'extension_notice';
    case 'request_completed':
      return 'request_completed';
    case 'request_denied':
      // Civ. 1798.145: the denial and its reasons; Regs 7022(g): the opt-out offer.
      return 'request_denied';
    case 'request_closed_unverified':
      // Regs 7022(a), 7024: tell the requester, offer the opt-out or point to the privacy policy.
      return 'request_closed_unverified';
    case 'request_submitted': // its confirmation is the receipt, written by submitRequest
    case 'agent_authorization_recorded':
    case 'agent_authorization_completed':
    case 'request_verified':
    case 'know_scope_narrowed':
    case 'work_started':
    case 'request_withdrawn':
      return null;
    default:
      return unreachable(event);
  }
}

/**
 * The outbox rows a change's events oblige, by `delivery` (noticeDeliveryFor):
 * ids only, except for the extension: its reason, which the notice must state
 * (Regs 7021(b)) and the request state does not keep (the audit log holds
 * only its hash), and the respond-by date it replaced, the last day the notice
 * may be given (Regs 7021(b), NRS 603A.345(4)), which staff post a letter by.
 */
export function outboxMessagesFor(
  requestId: string,
  events: readonly RequestEvent[],
  delivery: NoticeDelivery,
): { topic: string; payload: Record<string, string> }[] {
  return events.flatMap((event) => {
    const kind = noticeOf(event);
    if (kind === null) return [];
    const payload: Record<string, string> =
      event.kind === 'deadline_extended'
        ? { requestId, reason: event.reason, previousRespondBy: event.previousRespondBy }
        : { requestId };
    return [{ topic: noticeTopic(kind, delivery), payload }];
  });
}
