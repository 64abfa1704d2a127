// How sure the business must be of a requester's identity before acting, per
// request type (docs/legal-rules.md#verification; Cal. Code Regs. tit. 11 §§ 7060–7062,
// NRS 603A.337, Civ. 1798.83). Pure: matching against customer records happens
// elsewhere; this judges the evidence that matching produced.

import { unreachable } from './errors.js';
import {
  DATA_POINTS,
  isAppliedWithoutVerification,
  type DataPoint,
  type KnowScope,
  type RequestType,
} from './request-types.js';

export const VERIFICATION_LEVELS = [
  'none',
  'reasonable',
  'reasonably_high',
  'commercially_reasonable',
  'customer_match',
] as const;
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

export interface VerificationPolicy {
  /** Know categories: a "reasonable degree of certainty" (Regs 7062(b)). */
  readonly knowCategoriesDataPoints: number;
  /** Know specific pieces: a "reasonably high degree", plus a signed perjury declaration (Regs 7062(c)). */
  readonly knowSpecificPiecesDataPoints: number;
  /** Delete and correct: a reasonable degree of certainty (Regs 7062(d)). */
  readonly deleteOrCorrectDataPoints: number;
  /** Delete and correct of sensitive data: reasonably high degree plus declaration (Regs 7062(d)). */
  readonly sensitiveDeleteOrCorrectDataPoints: number;
  /** Nevada opt-out: a "verified request" by commercially reasonable means (NRS 603A.337). */
  readonly nevadaOptOut: {
    readonly emailControlRequired: boolean;
    readonly dataPoints: number;
  };
  /** Shine the Light: the requester must match a customer record (Civ. 1798.83(a), (e)). */
  readonly shineTheLight: {
    readonly customerIdentifiers: readonly DataPoint[];
    readonly dataPoints: number;
  };
}

export const DEFAULT_VERIFICATION_POLICY: VerificationPolicy = Object.freeze({
  // Regs 7062(b): two data points matching the business's records.
  knowCategoriesDataPoints: 2,
  // Regs 7062(c): three data points plus a signed declaration under penalty of perjury.
  knowSpecificPiecesDataPoints: 3,
  // Regs 7062(d): as know categories unless the data concerned is sensitive.
  deleteOrCorrectDataPoints: 2,
  // Regs 7062(d): sensitive data (the sample business: CPNI, call records, payment data).
  sensitiveDeleteOrCorrectDataPoints: 3,
  // NRS 603A.337 leaves "commercially reasonable" to the business: the sample
  // business asks for control of the email address plus one matching data point.
  nevadaOptOut: Object.freeze({ emailControlRequired: true, dataPoints: 1 }),
  // Civ. 1798.83 applies to customers only: one data point that singles out a
  // customer record. A name or an interaction date alone does not.
  shineTheLight: Object.freeze({
    customerIdentifiers: Object.freeze(['email', 'phone', 'postal_address', 'account_number'] as const),
    dataPoints: 1,
  }),
});

/** What the request is about, as far as verification cares. */
export interface VerificationSubject {
  readonly type: RequestType;
  /** Present for `know` requests only. */
  readonly knowScope: KnowScope | null;
  /** The data concerned by a delete or correct request is sensitive (Regs 7062(d)). */
  readonly sensitiveData: boolean;
  /** A correction of an identity data point cannot verify itself (Regs 7060). */
  readonly correctedDataPoint: DataPoint | null;
  /** An officer raised the level the request needs (Regs 7062(c), (d)); absent or null: not raised. */
  readonly raisedLevel?: RaisedVerificationLevel | null;
}

/** The level an officer may raise a request to: the highest of Regs 7062. */
export type RaisedVerificationLevel = 'reasonably_high';

/**
 * Why an officer raised the level: the data concerned turned out to be sensitive
 * (Regs 7062(d)), or it is customer proprietary network information of a telecom
 * (47 U.S.C. 222), which the sample business treats as sensitive.
 */
export const VERIFICATION_RAISE_BASES = ['sensitive_data', 'cpni'] as const;
export type VerificationRaiseBasis = (typeof VERIFICATION_RAISE_BASES)[number];

/** The request types whose level an officer may raise: those verified to a degree of certainty (Regs 7062). */
export function levelMayBeRaised(type: RequestType): boolean {
  return type === 'know' || type === 'delete' || type === 'correct';
}

export interface VerificationEvidence {
  /** Data points that matched the customer record after normalisation. */
  readonly matchedDataPoints: readonly DataPoint[];
  /** The requester proved control of the email address (one-time code). */
  readonly emailControlProven: boolean;
  readonly declarationSigned: boolean;
}

interface VerificationRequirement {
  readonly level: VerificationLevel;
  readonly dataPoints: number;
  /** Data points that count towards `dataPoints`. */
  readonly countableDataPoints: readonly DataPoint[];
  readonly declarationRequired: boolean;
  readonly emailControlRequired: boolean;
}

type MissingEvidence = 'matching_data_points' | 'signed_declaration' | 'email_control';

export interface VerificationAssessment {
  readonly met: boolean;
  readonly level: VerificationLevel;
  /** The distinct matched data points that counted towards the level. */
  readonly matched: DataPoint[];
  readonly missing: MissingEvidence[];
}

/** Regs 7060(b), Civ. 1798.83(c)(2): the opt-outs are acted on without verification. */
export function requiresVerification(type: RequestType): boolean {
  return !isAppliedWithoutVerification(type);
}

export function requiredVerification(
  subject: VerificationSubject,
  policy: VerificationPolicy,
): VerificationRequirement {
  const required = requiredByLaw(subject, policy);
  if (subject.raisedLevel !== 'reasonably_high' || !levelMayBeRaised(subject.type)) return required;
  // Raised: the Regs 7062(c) and (d) requirement of that type, never fewer points than before.
  const highest = requiredByLaw(
    subject.type === 'know'
      ? { ...subject, knowScope: { categories: true, specificPieces: true, beyond12Months: false } }
      : { ...subject, sensitiveData: true },
    policy,
  );
  return { ...highest, dataPoints: Math.max(highest.dataPoints, required.dataPoints) };
}

function requiredByLaw(subject: VerificationSubject, policy: VerificationPolicy): VerificationRequirement {
  const allDataPoints = DATA_POINTS.filter((point) => point !== subject.correctedDataPoint);
  const reasonable = {
    level: 'reasonable',
    countableDataPoints: allDataPoints,
    declarationRequired: false,
    emailControlRequired: false,
  } as const;
  const reasonablyHigh = {
    ...reasonable,
    level: 'reasonably_high',
    declarationRequired: true,
  } as const;
  switch (subject.type) {
    case 'know':
      return subject.knowScope?.specificPieces === true
        ? { ...reasonablyHigh, dataPoints: policy.knowSpecificPiecesDataPoints }
        : { ...reasonable, dataPoints: policy.knowCategoriesDataPoints };
    case 'delete':
    case 'correct':
      return subject.sensitiveData
        ? { ...reasonablyHigh, dataPoints: policy.sensitiveDeleteOrCorrectDataPoints }
        : { ...reasonable, dataPoints: policy.deleteOrCorrectDataPoints };
    case 'opt_out':
    case 'limit':
    case 'stl_suppression':
      // Regs 7060(b), Civ. 1798.83(c)(2), as in requiresVerification.
      return { ...reasonable, level: 'none', dataPoints: 0, countableDataPoints: [] };
    case 'nv_opt_out':
      return {
        ...reasonable,
        level: 'commercially_reasonable',
        dataPoints: policy.nevadaOptOut.dataPoints,
        emailControlRequired: policy.nevadaOptOut.emailControlRequired,
      };
    case 'stl_disclosure':
      return {
        ...reasonable,
        level: 'customer_match',
        dataPoints: policy.shineTheLight.dataPoints,
        countableDataPoints: policy.shineTheLight.customerIdentifiers,
      };
    default:
      return unreachable(subject.type);
  }
}

/**
 * Regs 7062(c), (d): whether the requester signs a declaration under penalty of
 * perjury. No number in the policy changes this, so the default policy answers it.
 */
export function requiresDeclaration(subject: Omit<VerificationSubject, 'correctedDataPoint'>): boolean {
  return requiredVerification({ ...subject, correctedDataPoint: null }, DEFAULT_VERIFICATION_POLICY)
    .declarationRequired;
}

export function assessVerification(
  subject: VerificationSubject,
  evidence: VerificationEvidence,
  policy: VerificationPolicy,
): VerificationAssessment {
  const requirement = requiredVerification(subject, policy);
  const matched = requirement.countableDataPoints.filter((point) =>
    evidence.matchedDataPoints.includes(point),
  );
  const missing: MissingEvidence[] = [];
  if (matched.length < requirement.dataPoints) missing.push('matching_data_points');
  if (requirement.declarationRequired && !evidence.declarationSigned) missing.push('signed_declaration');
  if (requirement.emailControlRequired && !evidence.emailControlProven) missing.push('email_control');
  return { met: missing.length === 0, level: requirement.level, matched, missing };
}
