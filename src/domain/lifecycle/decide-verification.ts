// Verifying the requester, and what happens when that cannot be done
// (docs/legal-rules.md#verification; Regs 7022, 7023, 7024, 7062).

import { unverifiedClosingDate } from './verification-window.js';
import { businessDateOf, receiptDateOf } from '../business-date.js';
import { InvalidCommandError, RuleConflictError, unreachable } from '../errors.js';
import {
  assessVerification,
  levelMayBeRaised,
  requiredVerification,
  type VerificationAssessment,
  type VerificationSubject,
} from '../verification-rules.js';
import type { MarkUnverifiableCommand, RaiseVerificationLevelCommand, VerifyCommand } from './commands.js';
import type { RequestClosedUnverified, RequestEvent } from './events.js';
import type { LifecyclePolicy } from './policy.js';
import type { ClosureReason, RequestState } from './state.js';
import { assertAccepts } from './transitions.js';

export function decideVerify(
  state: RequestState,
  command: VerifyCommand,
  policy: LifecyclePolicy,
): RequestEvent[] {
  assertAccepts(state, command.kind);
  const assessment = assessVerification(verificationSubjectOf(state), command, policy.verification);
  if (!assessment.met) {
    throw new RuleConflictError(
      'REQUEST.VERIFICATION_INSUFFICIENT',
      `The evidence does not reach the "${assessment.level}" level a ${state.type} request needs`,
      { requestType: state.type, level: assessment.level, missing: assessment.missing },
    );
  }
  return [verifiedEvent(assessment, command)];
}

export function decideMarkUnverifiable(
  state: RequestState,
  command: MarkUnverifiableCommand,
  policy: LifecyclePolicy,
): RequestEvent[] {
  assertAccepts(state, command.kind);
  const subject = verificationSubjectOf(state);
  const assessment = assessVerification(subject, command, policy.verification);
  if (assessment.met) {
    throw new RuleConflictError(
      'REQUEST.NOT_ALLOWED',
      'The evidence meets the verification level; verify the request instead',
      { requestType: state.type, level: assessment.level },
    );
  }
  if (state.knowScope?.specificPieces === true) {
    // Regs 7024(a): disclose no specific pieces and handle the request as a
    // categories request, judged again at the categories level (Regs 7062(b)).
    const categoriesOnly = { ...state.knowScope, categories: true, specificPieces: false };
    const narrowed: RequestEvent = {
      kind: 'know_scope_narrowed',
      from: state.knowScope,
      to: categoriesOnly,
    };
    const recheck = assessVerification(
      { ...subject, knowScope: categoriesOnly },
      command,
      policy.verification,
    );
    return recheck.met ? [narrowed, verifiedEvent(recheck, command)] : [narrowed];
  }
  return [unverifiedClosure(state, 'unverifiable')];
}

/**
 * Regs 7062(c), (d): an officer raises the level a request needs, e.g. a deletion that
 * turns out to concern sensitive data or CPNI (47 U.S.C. 222). Only up: a request already
 * at the highest level is refused. A request verified at the lower level waits for
 * verification again, and the requester is told what is now needed.
 */
export function decideRaiseVerificationLevel(
  state: RequestState,
  command: RaiseVerificationLevelCommand,
  policy: LifecyclePolicy,
): RequestEvent[] {
  assertAccepts(state, command.kind);
  const reason = command.reason.trim();
  if (reason === '') {
    throw new InvalidCommandError(
      'REQUEST.INVALID_COMMAND',
      'Raising the verification level needs a reason',
      {
        field: 'reason',
      },
    );
  }
  if (!levelMayBeRaised(state.type)) {
    throw new RuleConflictError(
      'REQUEST.NOT_ALLOWED',
      `A ${state.type} request is not verified to a degree of certainty that could be raised`,
      { requestType: state.type },
    );
  }
  const subject = verificationSubjectOf(state);
  const current = requiredVerification(subject, policy.verification);
  const raised = requiredVerification({ ...subject, raisedLevel: command.level }, policy.verification);
  if (current.level === raised.level && current.dataPoints >= raised.dataPoints) {
    throw new RuleConflictError(
      'REQUEST.NOT_ALLOWED',
      `The request already needs the "${current.level}" level`,
      { requestType: state.type, level: current.level },
    );
  }
  return [
    {
      kind: 'verification_level_raised',
      level: command.level,
      basis: command.basis,
      reason,
      previousLevel: current.level,
      dataPoints: raised.dataPoints,
      verificationWithdrawn: state.status === 'verified',
    },
  ];
}

/** The system closes a request still unverified once its verification window has ended. */
export function decideCloseUnverified(
  state: RequestState,
  now: Date,
  policy: LifecyclePolicy,
): RequestEvent[] {
  assertAccepts(state, 'close_unverified');
  const today = businessDateOf(now, policy.timeZone);
  const { respondBy } = state.deadlines;
  const closesOn = unverifiedClosingDate(
    receiptDateOf(new Date(state.receivedAt), policy.timeZone),
    respondBy,
    policy.verificationWindowDays,
  );
  if (today < closesOn) {
    throw new RuleConflictError(
      'REQUEST.DEADLINE_NOT_PASSED',
      'An unverified request is closed only once its verification window has ended',
      { today, closesOn, respondBy },
    );
  }
  return [
    unverifiedClosure(state, today > respondBy ? 'response_deadline_passed' : 'verification_window_ended'),
  ];
}

function unverifiedClosure(state: RequestState, reason: ClosureReason): RequestClosedUnverified {
  const closure = (optOutOffered: boolean, privacyPolicyReferred: boolean): RequestClosedUnverified => ({
    kind: 'request_closed_unverified',
    reason,
    optOutOffered,
    privacyPolicyReferred,
  });
  switch (state.type) {
    case 'delete':
      // Regs 7022(a), (g): deny, tell the requester, and offer an opt-out of sale/sharing.
      return closure(true, false);
    case 'know':
      // Regs 7024(b): deny and point to the privacy policy's general disclosures.
      return closure(false, true);
    case 'correct': // Regs 7023: a correction that cannot be verified may be denied.
    case 'nv_opt_out': // NRS 603A.345: only a verified request must be honoured.
    case 'stl_disclosure': // Civ. 1798.83: only customers may ask.
    // Opt-out and limit are never verified (Regs 7060(b)); they close unverified
    // only when an agent's signed permission never arrived (Regs 7026, 7027).
    case 'opt_out':
    case 'limit':
    case 'stl_suppression':
      return closure(false, false);
    default:
      return unreachable(state.type);
  }
}

function verifiedEvent(
  assessment: VerificationAssessment,
  command: VerifyCommand | MarkUnverifiableCommand,
): RequestEvent {
  return {
    kind: 'request_verified',
    verification: {
      level: assessment.level,
      method: command.method,
      matchedDataPoints: assessment.matched,
      emailControlProven: command.emailControlProven,
      declarationSigned: command.declarationSigned,
    },
  };
}

/** What verification judges of a request, with any level an officer raised it to. */
export function verificationSubjectOf(state: RequestState): VerificationSubject {
  return {
    type: state.type,
    knowScope: state.knowScope,
    sensitiveData: state.sensitiveData,
    correctedDataPoint: state.correctedDataPoint,
    raisedLevel: state.raisedVerification?.level ?? null,
  };
}
