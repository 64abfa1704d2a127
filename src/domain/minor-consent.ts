// Consumers the business knows to be under 16 (docs/legal-rules.md#minors):
// their personal information is not sold or shared until an opt-in is recorded
// (Civ. 1798.120(c)), by the consumer if 13 to 15, by a parent or guardian
// verified by a documented method if under 13 (Regs 7070, 7071); a refused or
// withdrawn opt-in is not asked for again for 12 months (Civ. 1798.135(c)(5)).
// Pure: `now` is a parameter.

import { Temporal } from 'temporal-polyfill';
import { businessDateOf } from './business-date.js';
import { RuleConflictError } from './errors.js';
import type { AgeBand } from './request-types.js';

/** Regs 7070(a)(2): methods reasonably calculated to ensure the consenting person is the parent or guardian. */
export const PARENT_VERIFICATION_METHODS = [
  'signed_consent_form',
  'payment_card_transaction',
  'toll_free_call',
  'video_conference',
  'government_id',
] as const;
export type ParentVerificationMethod = (typeof PARENT_VERIFICATION_METHODS)[number];

export const OPT_IN_PARTIES = ['consumer', 'parent_guardian'] as const;
export type OptInParty = (typeof OPT_IN_PARTIES)[number];

/** Civ. 1798.135(c)(5): at least 12 months before asking again. */
const MONTHS_BEFORE_ASKING_AGAIN = 12;

/** Under 16 with actual knowledge (Civ. 1798.120(c)): sale and sharing need an opt-in. */
export function isKnownMinor(ageBand: AgeBand | null): ageBand is '13_15' | 'under_13' {
  return ageBand === '13_15' || ageBand === 'under_13';
}

export interface OptInEvidence {
  readonly ageBand: '13_15' | 'under_13';
  readonly by: OptInParty;
  /** Regs 7071(a): a 13-to-15-year-old requests the opt-in, then confirms it separately. */
  readonly confirmedSeparately: boolean;
  /** Regs 7070(a): required when a parent or guardian consents for a child under 13. */
  readonly parentVerificationMethod: ParentVerificationMethod | null;
}

/** Throws when the evidence cannot authorise sale or sharing; returns nothing when it can. */
export function checkOptIn(evidence: OptInEvidence): void {
  const refuse = (message: string) => {
    throw new RuleConflictError('MINOR.OPT_IN_NOT_AUTHORIZED', message, { ageBand: evidence.ageBand });
  };
  if (evidence.ageBand === 'under_13') {
    if (evidence.by !== 'parent_guardian') {
      refuse('For a child under 13 only a parent or guardian may opt in (Civ. 1798.120(c); Regs 7070(a))');
    }
    if (evidence.parentVerificationMethod === null) {
      refuse("A parent's opt-in needs the parent or guardian's verification recorded (Regs 7070(a)(2))");
    }
    return;
  }
  if (evidence.by !== 'consumer') {
    refuse('A consumer aged 13 to 15 opts in themselves (Civ. 1798.120(c); Regs 7071(a))');
  }
  if (!evidence.confirmedSeparately) {
    refuse(
      'A consumer aged 13 to 15 opts in in two steps: the request, then a separate confirmation (Regs 7071(a))',
    );
  }
}

/** Whether the business may sell or share: never for a known minor without an opt-in in force. */
export function saleAllowedFor(consent: { optedInAt: Date | null } | null): boolean {
  return consent === null || consent.optedInAt !== null;
}

/** The first day the business may ask again after a refused or withdrawn opt-in (Civ. 1798.135(c)(5)). */
export function optInMayBeAskedFrom(declinedAt: Date | null, timeZone: string): string | null {
  if (declinedAt === null) return null;
  return Temporal.Instant.fromEpochMilliseconds(declinedAt.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .add({ months: MONTHS_BEFORE_ASKING_AGAIN })
    .toString();
}

/**
 * Whether the business may invite a known minor to opt in: not while an
 * opt-in is in force, nor within 12 months of one refused or withdrawn
 * (Civ. 1798.135(c)(5)). The consumer may still opt in on their own.
 */
export function mayAskForOptIn(
  consents: readonly { optedInAt: Date | null; declinedAt: Date | null }[],
  now: Date,
  timeZone: string,
): boolean {
  const today = businessDateOf(now, timeZone);
  return (
    consents.length > 0 &&
    consents.every((consent) => {
      const askFrom = optInMayBeAskedFrom(consent.declinedAt, timeZone);
      return consent.optedInAt === null && (askFrom === null || askFrom <= today);
    })
  );
}
