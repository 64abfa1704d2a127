// Mail a change obliges the business to send. Services write these topics to
// the outbox in the change's transaction, with ids only; the mail worker
// renders and sends after commit (STYLE rule 5).

import { unreachable } from '../domain/errors.js';
import type { RequestEvent } from '../domain/lifecycle/index.js';

/** Regs 7021(a): confirm receipt; every requester gets the reference to follow the request with. */
export const RECEIPT_CONFIRMATION_TOPIC = 'mail.receipt_confirmation';

/**
 * Regs 7021(a) by post: the receipt confirmation for a consumer with no email
 * (logged by staff with a postal address only). The mail worker never sends
 * it; staff print it from /staff/letters and mark it sent.
 */
export const LETTER_RECEIPT_CONFIRMATION_TOPIC = 'letter.receipt_confirmation';

/** The outbox topics the mail worker claims and sends by email (SQL LIKE pattern). */
export const EMAIL_TOPIC_PATTERN = 'mail.%';

/**
 * A code and one-click link for an email challenge; the payload names the
 * challenge only, and the worker issues the secrets when it sends (issue 4).
 */
export const VERIFICATION_CODE_TOPIC = 'mail.verification_code';

/** The consumer's own step moved the request on (e.g. verified by their code). */
export const STATUS_CHANGED_TOPIC = 'mail.status_changed';

/** The topic of the mail an event obliges, or null when it obliges none. */
export function mailTopicOf(event: RequestEvent): string | null {
  switch (event.kind) {
    case 'deadline_extended':
      // Regs 7021(b), NRS 603A.345(4): notice and reason before the first deadline ends.
      return 'mail.extension_notice';
    case 'request_completed':
      return 'mail.request_completed';
    case 'request_denied':
      // Civ. 1798.145: the denial and its reasons; Regs 7022(g): the opt-out offer.
      return 'mail.request_denied';
    case 'request_closed_unverified':
      // Regs 7022(a), 7024: tell the requester, offer the opt-out or point to the privacy policy.
      return 'mail.request_closed_unverified';
    case 'request_submitted': // its confirmation is RECEIPT_CONFIRMATION_TOPIC, sent by submitRequest
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
 * The outbox rows a change's events oblige: ids only, except the extension's
 * reason, which the notice must state (Regs 7021(b)) and the request state does
 * not keep (the audit log holds only its hash).
 */
export function outboxMessagesFor(
  requestId: string,
  events: readonly RequestEvent[],
): { topic: string; payload: Record<string, string> }[] {
  return events.flatMap((event) => {
    const topic = mailTopicOf(event);
    if (topic === null) return [];
    const payload: Record<string, string> =
      event.kind === 'deadline_extended' ? { requestId, reason: event.reason } : { requestId };
    return [{ topic, payload }];
  });
}
