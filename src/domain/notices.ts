// The notices a request obliges the business to send
// (docs/legal-rules.md#notices-and-responses), whatever carries them: an email,
// or a letter when there is no email to write to.

import type { RequestEvent } from './lifecycle/index.js';

/** The notices the law obliges, each written by email or by letter. */
export const NOTICE_KINDS = [
  /** Regs 7021(a): confirm receipt within 10 business days. */
  'receipt_confirmation',
  /** Regs 7021(b), NRS 603A.345(4): notice and reason before the first deadline ends. */
  'extension_notice',
  /** Regs 7021(b): the response within the response period. */
  'request_completed',
  /** Civ. 1798.145: the denial and its reasons; Regs 7022(g): the opt-out offer. */
  'request_denied',
  /** Regs 7022(a), 7024: tell the requester, offer the opt-out or point to the privacy policy. */
  'request_closed_unverified',
  /** Regs 7024(a): identity not verified to the level specific pieces need; treated as categories. */
  'know_scope_narrowed',
  /** Regs 7062(c), (d): the requester is told the higher verification now needed. */
  'verification_level_raised',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The notice each lifecycle event obliges, or null when it obliges none. */
const NOTICE_OF_EVENT: Readonly<Record<RequestEvent['kind'], NoticeKind | null>> = {
  // Regs 7021(a), given for every new request (docs/legal-rules.md#receipt-confirmation).
  request_submitted: 'receipt_confirmation',
  // Regs 7021(b), NRS 603A.345(4): notice and reason before the first deadline ends.
  deadline_extended: 'extension_notice',
  request_completed: 'request_completed',
  // Civ. 1798.145: the denial and its reasons; Regs 7022(g): the opt-out offer.
  request_denied: 'request_denied',
  // Regs 7022(a), 7024: tell the requester, offer the opt-out or point to the privacy policy.
  request_closed_unverified: 'request_closed_unverified',
  agent_authorization_recorded: null,
  agent_authorization_completed: null,
  request_verified: null,
  // Regs 7062(c), (d): the requester cannot give what they are not told is needed.
  verification_level_raised: 'verification_level_raised',
  // Regs 7024(a): the requester is told their identity could not be verified to that level.
  know_scope_narrowed: 'know_scope_narrowed',
  work_started: null,
  request_withdrawn: null,
};

/** The notice an event obliges, or null when it obliges none. */
export function noticeOf(event: RequestEvent): NoticeKind | null {
  return NOTICE_OF_EVENT[event.kind];
}
