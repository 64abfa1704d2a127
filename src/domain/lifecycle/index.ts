// The request lifecycle: one decider, the only place its rules are written.

export { AGENT_AUTHORIZATION_STEPS } from './commands.js';
export type * from './commands.js';
export type * from './events.js';
export { decide } from './decide.js';
export { verificationSubjectOf } from './decide-verification.js';
export { evolve, replay } from './evolve.js';
export { missingAgentAuthorizationSteps } from './agent-authorization.js';
export { ACCEPTING_STATUSES } from './transitions.js';
export { commandAppliedAtOnce, decideAndApplyAtOnce } from './applied-at-once.js';
export {
  DELETION_EXCEPTIONS,
  DENIAL_REASON_CODES,
  DENIAL_REASONS_BY_TYPE,
  type DeletionException,
  type DenialReasonCode,
} from './denial-rules.js';
export { DEFAULT_VERIFICATION_WINDOW_DAYS, unverifiedClosingDate } from './verification-window.js';
export {
  CONSUMER_AGENT_STEPS,
  DEFAULT_AGENT_AUTHORIZATION_POLICY,
  type AgentAuthorizationPolicy,
  type ConsumerAgentStep,
  type LifecyclePolicy,
} from './policy.js';
export {
  CLOSURE_REASONS,
  isOpen,
  isTerminal,
  OPEN_STATUSES,
  REQUEST_STATUSES,
  saleRequiresOptIn,
  TERMINAL_STATUSES,
  VERIFICATION_METHODS,
  type AgentAuthorization,
  type Closure,
  type ClosureReason,
  type Deadlines,
  type Denial,
  type OpenStatus,
  type RaisedVerification,
  type RequestState,
  type RequestStatus,
  type TerminalStatus,
  type VerificationMethod,
  type VerificationRecord,
} from './state.js';
