// What happened to a request. These are what the audit log records: each
// carries the decision, so `evolve` never re-decides.

import type { OlderDataRefusal } from '../look-back.js';
import type { KnowScope, RequestType } from '../request-types.js';
import type {
  RaisedVerificationLevel,
  VerificationLevel,
  VerificationRaiseBasis,
} from '../verification-rules.js';
import type { AgentAuthorizationStep } from './commands.js';
import type { Closure, Denial, RequestFacts, VerificationRecord } from './state.js';

/**
 * The facts the new state starts from, less what later events record (agent
 * authorization, verification), with the type under the event's own name.
 */
export interface RequestSubmitted extends Omit<RequestFacts, 'type' | 'agentAuthorization' | 'verification'> {
  readonly kind: 'request_submitted';
  readonly requestType: RequestType;
  readonly initialStatus: 'awaiting_agent_authorization' | 'awaiting_verification' | 'in_progress';
}

interface AgentAuthorizationRecorded {
  readonly kind: 'agent_authorization_recorded';
  readonly step: AgentAuthorizationStep;
}

interface AgentAuthorizationCompleted {
  readonly kind: 'agent_authorization_completed';
  /** Probate Code 4121–4130: a power of attorney replaces the Regs 7063(a) steps. */
  readonly basis: 'policy_steps' | 'power_of_attorney';
  readonly nextStatus: 'awaiting_verification' | 'in_progress';
}

interface RequestVerified {
  readonly kind: 'request_verified';
  readonly verification: VerificationRecord;
}

/** Regs 7062(c), (d): an officer raised the level; a request verified below it waits again. */
export interface VerificationLevelRaised {
  readonly kind: 'verification_level_raised';
  readonly level: RaisedVerificationLevel;
  readonly basis: VerificationRaiseBasis;
  readonly reason: string;
  readonly previousLevel: VerificationLevel;
  /** Matching data points now needed, with a signed declaration: what the requester is told. */
  readonly dataPoints: number;
  /** The request had been verified at the lower level and waits for verification again. */
  readonly verificationWithdrawn: boolean;
}

/** Regs 7024(a): unverifiable specific pieces are handled as a categories request. */
interface KnowScopeNarrowed {
  readonly kind: 'know_scope_narrowed';
  readonly from: KnowScope;
  readonly to: KnowScope;
}

interface WorkStarted {
  readonly kind: 'work_started';
}

interface DeadlineExtended {
  readonly kind: 'deadline_extended';
  readonly reason: string;
  readonly previousRespondBy: string;
  readonly respondBy: string;
  /** Regs 7021(b), NRS 603A.345(4): the consumer is told of the extension and why. */
  readonly noticeRequired: true;
}

interface RequestCompleted {
  readonly kind: 'request_completed';
  readonly summary: string;
  /** Regs 7024(h): the part of a request to know before the 12 months, refused with why. */
  readonly olderDataRefusal?: OlderDataRefusal;
}

interface RequestDenied extends Denial {
  readonly kind: 'request_denied';
}

interface RequestWithdrawn {
  readonly kind: 'request_withdrawn';
}

export interface RequestClosedUnverified extends Closure {
  readonly kind: 'request_closed_unverified';
}

export type RequestEvent =
  | RequestSubmitted
  | AgentAuthorizationRecorded
  | AgentAuthorizationCompleted
  | RequestVerified
  | VerificationLevelRaised
  | KnowScopeNarrowed
  | WorkStarted
  | DeadlineExtended
  | RequestCompleted
  | RequestDenied
  | RequestWithdrawn
  | RequestClosedUnverified;

export type RequestEventKind = RequestEvent['kind'];
