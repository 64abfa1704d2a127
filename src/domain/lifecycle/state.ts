// The request as the lifecycle sees it: one variant per status, each carrying
// what the rules for that status need, so the compiler refuses a state that
// cannot happen.

import type {
  AgeBand,
  Channel,
  DataPoint,
  Jurisdiction,
  KnowScope,
  RequestType,
  Submitter,
} from '../request-types.js';
import type { OlderDataRefusal } from '../look-back.js';
import type {
  RaisedVerificationLevel,
  VerificationLevel,
  VerificationRaiseBasis,
} from '../verification-rules.js';
import type { DeletionException, DenialReasonCode } from './denial-rules.js';

/** Still to be worked, in the order a request passes through them. */
export const OPEN_STATUSES = [
  'awaiting_agent_authorization',
  'awaiting_verification',
  'verified',
  'in_progress',
] as const;
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** Ended: the request accepts no further command. */
export const TERMINAL_STATUSES = ['completed', 'denied', 'closed_unverified', 'withdrawn'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** Every status is open or terminal, never both. */
export const REQUEST_STATUSES = [...OPEN_STATUSES, ...TERMINAL_STATUSES] as const;
export type RequestStatus = OpenStatus | TerminalStatus;

export const VERIFICATION_METHODS = ['records_match', 'account_reauthentication'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const CLOSURE_REASONS = [
  'unverifiable',
  'verification_window_ended',
  'response_deadline_passed',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** Regs 7063: what an authorized agent and the consumer have shown so far. */
export interface AgentAuthorization {
  readonly signedPermission: boolean;
  readonly powerOfAttorney: boolean;
  readonly consumerVerifiedIdentity: boolean;
  readonly consumerConfirmedPermission: boolean;
}

/** Kept with the request under Regs 7101; the declaration itself is kept under Regs 7062(c). */
export interface VerificationRecord {
  readonly level: VerificationLevel;
  readonly method: VerificationMethod;
  readonly matchedDataPoints: readonly DataPoint[];
  readonly emailControlProven: boolean;
  readonly declarationSigned: boolean;
}

export interface RaisedVerification {
  readonly level: RaisedVerificationLevel;
  readonly basis: VerificationRaiseBasis;
  /** The officer's finding, for staff; the audit log keeps its hash. */
  readonly reason: string;
}

/** Due dates as YYYY-MM-DD in the business time zone, computed by the deadline module. */
export interface Deadlines {
  readonly respondBy: string;
  /** Null when the request type allows no extension. */
  readonly extendedRespondBy: string | null;
  readonly extended: boolean;
}

export interface Denial {
  readonly reasonCode: DenialReasonCode;
  readonly explanation: string;
  readonly exception: DeletionException | null;
  readonly optOutOffered: boolean;
}

export interface Closure {
  readonly reason: ClosureReason;
  /** Regs 7022(a), (g): an unverified deletion request is offered an opt-out of sale/sharing. */
  readonly optOutOffered: boolean;
  /** Regs 7024(b): an unverified categories request is pointed to the privacy policy. */
  readonly privacyPolicyReferred: boolean;
}

/** What every state carries, whatever its status. */
export interface RequestFacts {
  readonly requestId: string;
  readonly type: RequestType;
  readonly jurisdiction: Jurisdiction;
  readonly channel: Channel;
  readonly submitter: Submitter;
  /** Null when the business has no actual knowledge of the consumer's age (Civ. 1798.120(c)). */
  readonly ageBand: AgeBand | null;
  /** Present for `know` requests only; narrows to categories when pieces cannot be verified. */
  readonly knowScope: KnowScope | null;
  readonly sensitiveData: boolean;
  readonly correctedDataPoint: DataPoint | null;
  /** Shine the Light is answered once per customer per calendar year (Civ. 1798.83(b)). */
  readonly priorRequestThisCalendarYear: boolean;
  /**
   * Completed responses to requests to know (categories or pieces) given this
   * consumer, recognised by any shared email, phone or account number, in the
   * 12 months before receipt (Civ. 1798.130(b)).
   */
  readonly knowResponsesInPrior12Months: number;
  /** Null unless an authorized agent submitted the request. */
  readonly agentAuthorization: AgentAuthorization | null;
  readonly verification: VerificationRecord | null;
  /** Present once an officer raised the level the request needs (Regs 7062(c), (d)), with why. */
  readonly raisedVerification?: RaisedVerification;
  readonly deadlines: Deadlines;
  /** ISO instant of receipt (Regs 7101: date received). */
  readonly receivedAt: string;
}

export type RequestState =
  | (RequestFacts & {
      readonly status: 'awaiting_agent_authorization';
      readonly agentAuthorization: AgentAuthorization;
    })
  | (RequestFacts & { readonly status: 'awaiting_verification' })
  | (RequestFacts & { readonly status: 'verified'; readonly verification: VerificationRecord })
  | (RequestFacts & { readonly status: 'in_progress' })
  | (RequestFacts & {
      readonly status: 'completed';
      readonly summary: string;
      /** Regs 7024(h): absent unless the part before the 12 months was refused. */
      readonly olderDataRefusal?: OlderDataRefusal;
    })
  | (RequestFacts & { readonly status: 'denied'; readonly denial: Denial })
  | (RequestFacts & { readonly status: 'closed_unverified'; readonly closure: Closure })
  | (RequestFacts & { readonly status: 'withdrawn' });

export function isOpen(status: RequestStatus): status is OpenStatus {
  return (OPEN_STATUSES as readonly RequestStatus[]).includes(status);
}

export function isTerminal(status: RequestStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly RequestStatus[]).includes(status);
}

/**
 * Under 16, personal information is not sold or shared without opt-in: the
 * consumer's own for 13–15, a parent's or guardian's under 13
 * (Civ. 1798.120(c); Regs 7070–7071).
 */
export function saleRequiresOptIn(state: RequestState): boolean {
  return state.ageBand === 'under_13' || state.ageBand === '13_15';
}
