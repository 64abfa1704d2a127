// Regs 7063: what an authorized agent's request waits for before it is worked.

import { unreachable } from '../errors.js';
import type { RequestType } from '../request-types.js';
import { requiresVerification } from '../verification-rules.js';
import type { AgentAuthorizationStep } from './commands.js';
import type { AgentAuthorizationPolicy } from './policy.js';
import type { AgentAuthorization } from './state.js';

export const NO_AGENT_AUTHORIZATION: AgentAuthorization = Object.freeze({
  signedPermission: false,
  powerOfAttorney: false,
  consumerVerifiedIdentity: false,
  consumerConfirmedPermission: false,
});

export function withAgentAuthorizationStep(
  authorization: AgentAuthorization,
  step: AgentAuthorizationStep,
): AgentAuthorization {
  switch (step) {
    case 'signed_permission':
      return { ...authorization, signedPermission: true };
    case 'power_of_attorney':
      return { ...authorization, powerOfAttorney: true };
    case 'consumer_verified_identity':
      return { ...authorization, consumerVerifiedIdentity: true };
    case 'consumer_confirmed_permission':
      return { ...authorization, consumerConfirmedPermission: true };
    default:
      return unreachable(step);
  }
}

/** The steps the policy still asks for; empty once the agent may proceed. */
export function missingAgentAuthorizationSteps(
  authorization: AgentAuthorization,
  type: RequestType,
  policy: AgentAuthorizationPolicy,
): AgentAuthorizationStep[] {
  // Regs 7063(b): the Regs 7063(a) steps do not apply to an agent holding a
  // power of attorney under Probate Code 4121–4130.
  if (authorization.powerOfAttorney) return [];
  if (!requiresVerification(type)) {
    // Opt-out and limit: signed permission is the most that may be asked (Regs 7026, 7027).
    return policy.requireSignedPermissionForOptOut && !authorization.signedPermission
      ? ['signed_permission']
      : [];
  }
  const missing: AgentAuthorizationStep[] = [];
  if (policy.requireSignedPermission && !authorization.signedPermission) {
    missing.push('signed_permission');
  }
  const { consumerVerifiedIdentity, consumerConfirmedPermission } = authorization;
  switch (policy.consumerStep) {
    case 'either':
      // Regs 7063(a): either step is enough; until one is done, both are open to the consumer.
      if (!consumerVerifiedIdentity && !consumerConfirmedPermission) {
        missing.push('consumer_verified_identity', 'consumer_confirmed_permission');
      }
      break;
    case 'identity_verification':
      if (!consumerVerifiedIdentity) missing.push('consumer_verified_identity');
      break;
    case 'permission_confirmation':
      if (!consumerConfirmedPermission) missing.push('consumer_confirmed_permission');
      break;
    case 'none':
      break;
    default:
      return unreachable(policy.consumerStep);
  }
  return missing;
}
