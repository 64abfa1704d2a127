// Why a request may be denied, per request type (docs/legal-rules.md#denials).

import type { RequestType } from '../request-types.js';

export const DENIAL_REASON_CODES = [
  // Regs 7026, 7027: opt-out and limit only on a documented good-faith belief of fraud (and,
  // by the product's choice, a Shine the Light suppression, Civ. 1798.83(c)(2)).
  'fraud',
  // Civ. 1798.105(d): a deletion denial names one of the statutory exceptions.
  'deletion_exception',
  // Civ. 1798.145: an exemption of the CCPA applies (legal obligation, legal claims, ...).
  'legal_exception',
  // Civ. 1798.130(b): specific pieces need not be given more than twice in 12 months.
  'specific_pieces_limit_reached',
  // Regs 7023: the business finds the contested information more likely accurate.
  'correction_not_accurate',
  // Civ. 1798.83(b): Shine the Light is answered once per customer per calendar year.
  'stl_already_answered_this_year',
] as const;
export type DenialReasonCode = (typeof DENIAL_REASON_CODES)[number];

/**
 * The lawful bases a deletion denial may cite: Civ. 1798.105(d)(1)–(8) in the
 * statute's order, then the exemptions of Civ. 1798.145 and 1798.146 and the
 * regulations' proportionality rule.
 */
export const DELETION_EXCEPTIONS = [
  'complete_transaction_or_contract', // (d)(1)
  'security_and_integrity', // (d)(2)
  'debug_and_repair', // (d)(3)
  'free_speech_or_other_legal_right', // (d)(4)
  'calecpa_compliance', // (d)(5) Cal. Electronic Communications Privacy Act, Penal Code 1546 ff.
  'public_interest_research', // (d)(6)
  'internal_expected_uses', // (d)(7)
  'legal_obligation', // (d)(8), e.g. telecom billing and CPNI retention
  // Civ. 1798.145(d)–(f), 1798.146: data covered by sector laws the CCPA defers to (FCRA, GLBA,
  // Driver's Privacy Protection Act, HIPAA and California's medical privacy law).
  'sector_law_exemption',
  'legal_claims', // Civ. 1798.145(a)(1)(E): to exercise or defend legal claims
  'suspected_fraud', // Civ. 1798.105(d)(2): kept to detect and prosecute fraudulent activity
  'disproportionate_effort', // Regs 7022(d): archived or backup systems, deleted when next accessed or used
] as const;
export type DeletionException = (typeof DELETION_EXCEPTIONS)[number];

export const DENIAL_REASONS_BY_TYPE: Readonly<Record<RequestType, readonly DenialReasonCode[]>> = {
  know: ['fraud', 'legal_exception', 'specific_pieces_limit_reached'],
  delete: ['deletion_exception'],
  correct: ['fraud', 'legal_exception', 'correction_not_accurate'],
  opt_out: ['fraud'],
  limit: ['fraud'],
  nv_opt_out: ['fraud', 'legal_exception'],
  stl_disclosure: ['legal_exception', 'stl_already_answered_this_year'],
  stl_suppression: ['fraud'],
};
