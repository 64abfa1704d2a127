// The state after an event. Events carry every decision, so
// evolve only records them; it never checks rules.

import { unreachable } from '../errors.js';
import { NO_AGENT_AUTHORIZATION, withAgentAuthorizationStep } from './agent-authorization.js';
import type { RequestEvent, RequestSubmitted } from './events.js';
import type { RequestState } from './state.js';

export function evolve(state: RequestState | null, event: RequestEvent): RequestState {
  if (event.kind === 'request_submitted') {
    if (state !== null) throw new Error(`Request ${state.requestId} was already submitted`);
    return submittedState(event);
  }
  if (state === null) throw new Error(`Cannot apply "${event.kind}" to a request never submitted`);
  switch (event.kind) {
    case 'agent_authorization_recorded': {
      const current = state.agentAuthorization ?? NO_AGENT_AUTHORIZATION;
      return { ...state, agentAuthorization: withAgentAuthorizationStep(current, event.step) };
    }
    case 'agent_authorization_completed':
      return { ...state, status: event.nextStatus };
    case 'request_verified':
      return { ...state, status: 'verified', verification: event.verification };
    case 'verification_level_raised':
      return event.verificationWithdrawn
        ? {
            ...state,
            raisedVerification: { level: event.level, basis: event.basis, reason: event.reason },
            status: 'awaiting_verification',
            verification: null,
          }
        : { ...state, raisedVerification: { level: event.level, basis: event.basis, reason: event.reason } };
    case 'know_scope_narrowed':
      return { ...state, knowScope: event.to };
    case 'work_started':
      return { ...state, status: 'in_progress' };
    case 'deadline_extended':
      return {
        ...state,
        deadlines: { ...state.deadlines, respondBy: event.respondBy, extended: true },
      };
    case 'request_completed':
      return {
        ...state,
        status: 'completed',
        summary: event.summary,
        ...(event.olderDataRefusal === undefined ? {} : { olderDataRefusal: event.olderDataRefusal }),
      };
    case 'request_denied':
      return {
        ...state,
        status: 'denied',
        denial: {
          reasonCode: event.reasonCode,
          explanation: event.explanation,
          exception: event.exception,
          optOutOffered: event.optOutOffered,
        },
      };
    case 'request_withdrawn':
      return { ...state, status: 'withdrawn' };
    case 'request_closed_unverified':
      return {
        ...state,
        status: 'closed_unverified',
        closure: {
          reason: event.reason,
          optOutOffered: event.optOutOffered,
          privacyPolicyReferred: event.privacyPolicyReferred,
        },
      };
    default:
      return unreachable(event);
  }
}

/** Replays a request's history, oldest event first. */
export function replay(events: readonly RequestEvent[]): RequestState | null {
  return events.reduce<RequestState | null>(evolve, null);
}

function submittedState(event: RequestSubmitted): RequestState {
  const facts = {
    requestId: event.requestId,
    type: event.requestType,
    jurisdiction: event.jurisdiction,
    channel: event.channel,
    submitter: event.submitter,
    ageBand: event.ageBand,
    knowScope: event.knowScope,
    sensitiveData: event.sensitiveData,
    correctedDataPoint: event.correctedDataPoint,
    priorRequestThisCalendarYear: event.priorRequestThisCalendarYear,
    knowResponsesInPrior12Months: event.knowResponsesInPrior12Months,
    verification: null,
    deadlines: event.deadlines,
    receivedAt: event.receivedAt,
  };
  const agentAuthorization = event.submitter === 'authorized_agent' ? NO_AGENT_AUTHORIZATION : null;
  return event.initialStatus === 'awaiting_agent_authorization'
    ? { ...facts, status: event.initialStatus, agentAuthorization: NO_AGENT_AUTHORIZATION }
    : { ...facts, status: event.initialStatus, agentAuthorization };
}
