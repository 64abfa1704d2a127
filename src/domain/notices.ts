// The notices a request obliges the business to send (LEGAL-RULES), whatever
// carries them: an email, or a letter when there is no email to write to.

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
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
