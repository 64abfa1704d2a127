// The configurable parts of the lifecycle. Each default is the sample
// business's choice; the comment names the rule that allows the range.

import type { VerificationPolicy } from '../verification-rules.js';

/**
 * Regs 7063(a) as amended in 2021: beyond the signed permission, the business
 * may ask the consumer to verify their own identity directly (a)(2) OR to
 * confirm directly that they gave the permission (a)(3), never both.
 * `either`: whichever the consumer does first; `none`: neither.
 */
export const CONSUMER_AGENT_STEPS = [
  'either',
  'identity_verification',
  'permission_confirmation',
  'none',
] as const;
export type ConsumerAgentStep = (typeof CONSUMER_AGENT_STEPS)[number];

export interface AgentAuthorizationPolicy {
  /** Proof that the consumer signed the agent's permission (Regs 7063(a)(1)). */
  readonly requireSignedPermission: boolean;
  /** What the consumer must do themselves (Regs 7063(a)(2) or (3)). */
  readonly consumerStep: ConsumerAgentStep;
  /** Opt-out and limit via an agent: signed permission is the most that may be asked (Regs 7026, 7027). */
  readonly requireSignedPermissionForOptOut: boolean;
}

/**
 * The sample business asks for everything Regs 7063(a) allows: the signed
 * permission, then either of the consumer's own steps. Its privacy policy's
 * text, which asks for both, predates the 2021 amendment.
 */
export const DEFAULT_AGENT_AUTHORIZATION_POLICY: AgentAuthorizationPolicy = Object.freeze({
  requireSignedPermission: true,
  consumerStep: 'either',
  requireSignedPermissionForOptOut: true,
});

export interface LifecyclePolicy {
  /** IANA time zone of the business: "today" for every deadline check (docs/legal-rules.md#deadlines). */
  readonly timeZone: string;
  readonly verification: VerificationPolicy;
  readonly agentAuthorization: AgentAuthorizationPolicy;
  /** Days from receipt a requester has to verify before the system closes the request (capped at its due date). */
  readonly verificationWindowDays: number;
}
