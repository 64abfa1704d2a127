// The configurable parts of the lifecycle. Each default is the sample
// business's choice; the comment names the rule that allows the range.

import type { VerificationPolicy } from '../verification-rules.js';

export interface AgentAuthorizationPolicy {
  /** Proof that the consumer signed the agent's permission (Regs 7063(a)(1)). */
  readonly requireSignedPermission: boolean;
  /** The consumer verifies their own identity directly with the business (Regs 7063(a)(2)). */
  readonly requireConsumerIdentityVerification: boolean;
  /** The consumer confirms directly that they gave the agent permission (Regs 7063(a)(3)). */
  readonly requireConsumerPermissionConfirmation: boolean;
  /** Opt-out and limit via an agent: signed permission is the most that may be asked (Regs 7026, 7027). */
  readonly requireSignedPermissionForOptOut: boolean;
}

/**
 * The sample business asks for everything Regs 7063(a) allows. Setting every
 * flag to false is the minimum the regulation permits.
 */
export const DEFAULT_AGENT_AUTHORIZATION_POLICY: AgentAuthorizationPolicy = Object.freeze({
  requireSignedPermission: true,
  requireConsumerIdentityVerification: true,
  requireConsumerPermissionConfirmation: true,
  requireSignedPermissionForOptOut: true,
});

export interface LifecyclePolicy {
  /** IANA time zone of the business: "today" for every deadline check (docs/legal-rules.md#deadlines). */
  readonly timeZone: string;
  readonly verification: VerificationPolicy;
  readonly agentAuthorization: AgentAuthorizationPolicy;
}
