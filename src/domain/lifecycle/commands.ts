// What staff, consumers, agents and the system ask of a request.

import type { OlderDataRefusalGround } from '../look-back.js';
import type { RequestType } from '../request-types.js';
import type {
  RaisedVerificationLevel,
  VerificationEvidence,
  VerificationRaiseBasis,
} from '../verification-rules.js';
import type { DeletionException, DenialReasonCode } from './denial-rules.js';
import type { RequestFacts, VerificationMethod } from './state.js';

/** One step of Regs 7063 authorization, recorded as it arrives. */
export const AGENT_AUTHORIZATION_STEPS = [
  'signed_permission',
  'power_of_attorney',
  'consumer_verified_identity',
  'consumer_confirmed_permission',
] as const;
export type AgentAuthorizationStep = (typeof AGENT_AUTHORIZATION_STEPS)[number];

/** The facts a new request starts from, as RequestFacts names them; the rest comes with later events. */
export interface SubmitCommand extends Pick<
  RequestFacts,
  | 'requestId'
  | 'channel'
  | 'submitter'
  | 'ageBand'
  | 'knowScope'
  | 'sensitiveData'
  | 'correctedDataPoint'
  | 'priorRequestThisCalendarYear'
  | 'knowResponsesInPrior12Months'
> {
  readonly kind: 'submit';
  readonly requestType: RequestType;
  /** YYYY-MM-DD, from the deadline module. */
  readonly respondBy: string;
  readonly extendedRespondBy: string | null;
}

export interface RecordAgentAuthorizationCommand {
  readonly kind: 'record_agent_authorization';
  readonly step: AgentAuthorizationStep;
}

export interface VerifyCommand extends VerificationEvidence {
  readonly kind: 'verify';
  readonly method: VerificationMethod;
}

/** Staff conclude the requester cannot be verified with the evidence at hand. */
export interface MarkUnverifiableCommand extends VerificationEvidence {
  readonly kind: 'mark_unverifiable';
  readonly method: VerificationMethod;
}

/** An officer raises the level of certainty the request needs, with why (Regs 7062(c), (d)). */
export interface RaiseVerificationLevelCommand {
  readonly kind: 'raise_verification_level';
  readonly level: RaisedVerificationLevel;
  readonly basis: VerificationRaiseBasis;
  /** Kept with the request; the audit log keeps its hash. */
  readonly reason: string;
}

interface StartCommand {
  readonly kind: 'start';
}

export interface ExtendCommand {
  readonly kind: 'extend';
  readonly reason: string;
}

export interface CompleteCommand {
  readonly kind: 'complete';
  readonly summary: string;
  /**
   * A request to know that asked for more than 12 months: the part before them refused,
   * with why (Regs 7024(h)); the 12 months themselves are answered.
   */
  readonly olderDataRefusal?: { ground: OlderDataRefusalGround; explanation: string } | null;
}

export interface DenyCommand {
  readonly kind: 'deny';
  readonly reasonCode: DenialReasonCode;
  /** Told to the consumer (Civ. 1798.145; Regs 7026, 7027 for fraud). */
  readonly explanation: string;
  /** Required for deletion denials, refused otherwise (Civ. 1798.105(d)). */
  readonly exception: DeletionException | null;
}

interface WithdrawCommand {
  readonly kind: 'withdraw';
}

/** Sent by the system once the response deadline has passed without verification. */
interface CloseUnverifiedCommand {
  readonly kind: 'close_unverified';
}

export type RequestCommand =
  | SubmitCommand
  | RecordAgentAuthorizationCommand
  | VerifyCommand
  | MarkUnverifiableCommand
  | RaiseVerificationLevelCommand
  | StartCommand
  | ExtendCommand
  | CompleteCommand
  | DenyCommand
  | WithdrawCommand
  | CloseUnverifiedCommand;

export type RequestCommandKind = RequestCommand['kind'];
