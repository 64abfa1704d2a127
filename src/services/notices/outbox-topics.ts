// Outbox topics: what a change obliges the business to send, written in the
// change's transaction with ids only, so that nothing is sent for a change that
// rolled back; the mail worker renders and sends after commit.
//
// Each notice the business owes a requester goes by email, or by letter when
// the request has no email address to write to (logged by staff with a postal
// address only): `mail.<kind>` or `letter.<kind>`. The mail worker claims only
// `mail.*`; staff print `letter.*` from /staff/letters and mark them sent.

import type { RequestEvent } from '../../domain/lifecycle/index.js';
import { NOTICE_KINDS, noticeOf, type NoticeKind } from '../../domain/notices.js';

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
 * authorized agent's; a letter to the postal address otherwise; nothing for a
 * request that names nobody (a browser's GPC signal, Regs 7025(c)) or gives
 * neither address.
 */
export function noticeDeliveryFor(addresses: {
  subject: { email?: string | null | undefined; hasPostalAddress: boolean } | null;
  agentEmail: string | null | undefined;
}): NoticeDelivery | null {
  if (addresses.subject === null) return null;
  if (addresses.subject.email || addresses.agentEmail) return 'email';
  // An opt-out given with a phone or account number only (Regs 7026) has nowhere to be written to.
  return addresses.subject.hasPostalAddress ? 'letter' : null;
}

/** The outbox topics the mail worker claims and sends by email (SQL LIKE pattern). */
export const EMAIL_TOPIC_PATTERN = 'mail.%';

/** How the topics staff print and post from /staff/letters begin (`letter.<kind>`). */
export const LETTER_TOPIC_PREFIX = `${TOPIC_PREFIX.letter}.`;

/**
 * A code and one-click link for an email challenge; the payload names the
 * challenge only, and the worker issues the secrets when it sends, so they
 * exist in plain text only in the email.
 */
export const VERIFICATION_CODE_TOPIC = 'mail.verification_code';

/** The consumer's own step moved the request on (e.g. verified by their code). */
export const STATUS_CHANGED_TOPIC = 'mail.status_changed';

/**
 * The outbox rows of the notices a change's events oblige, each sent by
 * `deliveryOf(kind)`: ids only, except for the extension: its reason, which the
 * notice must state (Regs 7021(b)) and the request state does not keep (the
 * audit log holds only its hash), and the respond-by date it replaced, the last
 * day the notice may be given (Regs 7021(b), NRS 603A.345(4)), which staff post
 * a letter by.
 */
export function outboxMessagesFor(
  requestId: string,
  events: readonly RequestEvent[],
  deliveryOf: (kind: NoticeKind) => NoticeDelivery,
): { topic: string; payload: Record<string, string> }[] {
  return events.flatMap((event) => {
    const kind = noticeOf(event);
    if (kind === null) return [];
    const payload: Record<string, string> =
      event.kind === 'deadline_extended'
        ? { requestId, reason: event.reason, previousRespondBy: event.previousRespondBy }
        : event.kind === 'verification_level_raised'
          ? // What the requester must now give (Regs 7062(c), (d)); no personal data.
            { requestId, basis: event.basis, dataPoints: String(event.dataPoints) }
          : { requestId };
    return [{ topic: noticeTopic(kind, deliveryOf(kind)), payload }];
  });
}

/**
 * Staff ask the requester for what is missing. The payload carries the
 * officer's question (as extension notices carry their reason), never the
 * consumer's data.
 */
/** A staff account's owner is told that wrong passwords for it now meet growing waits. */
export const STAFF_SIGN_IN_THROTTLED_TOPIC = 'mail.staff_sign_in_throttled';

export const MORE_INFORMATION_TOPIC = 'mail.more_information_requested';
