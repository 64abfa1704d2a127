// Receiving a request and authorizing the agent who sent it.

import { Temporal } from 'temporal-polyfill';
import { InvalidCommandError } from '../errors.js';
import { JURISDICTION_OF_TYPE } from '../request-types.js';
import { requiresVerification } from '../verification-rules.js';
import {
  missingAgentAuthorizationSteps,
  NO_AGENT_AUTHORIZATION,
  withAgentAuthorizationStep,
} from './agent-authorization.js';
import type { RecordAgentAuthorizationCommand, SubmitCommand } from './commands.js';
import type { RequestEvent, RequestSubmitted } from './events.js';
import type { LifecyclePolicy } from './policy.js';
import type { RequestState } from './state.js';
import { assertAccepts } from './transitions.js';

export function decideSubmit(command: SubmitCommand, now: Date, policy: LifecyclePolicy): RequestEvent[] {
  validateSubmit(command);
  return [
    {
      kind: 'request_submitted',
      requestId: command.requestId,
      requestType: command.requestType,
      jurisdiction: JURISDICTION_OF_TYPE[command.requestType],
      channel: command.channel,
      submitter: command.submitter,
      ageBand: command.ageBand,
      knowScope: command.knowScope,
      sensitiveData: command.sensitiveData,
      correctedDataPoint: command.correctedDataPoint,
      priorRequestThisCalendarYear: command.priorRequestThisCalendarYear,
      knowResponsesInPrior12Months: command.knowResponsesInPrior12Months,
      deadlines: {
        respondBy: command.respondBy,
        extendedRespondBy: command.extendedRespondBy,
        extended: false,
      },
      receivedAt: now.toISOString(),
      initialStatus: initialStatusOf(command, policy),
    },
  ];
}

export function decideRecordAgentAuthorization(
  state: RequestState,
  command: RecordAgentAuthorizationCommand,
  policy: LifecyclePolicy,
): RequestEvent[] {
  assertAccepts(state, command.kind);
  const recorded: RequestEvent = { kind: 'agent_authorization_recorded', step: command.step };
  const authorization = withAgentAuthorizationStep(state.agentAuthorization, command.step);
  const missing = missingAgentAuthorizationSteps(authorization, state.type, policy.agentAuthorization);
  if (missing.length > 0) return [recorded];
  return [
    recorded,
    {
      kind: 'agent_authorization_completed',
      basis: authorization.powerOfAttorney ? 'power_of_attorney' : 'policy_steps',
      nextStatus: requiresVerification(state.type) ? 'awaiting_verification' : 'in_progress',
    },
  ];
}

function initialStatusOf(command: SubmitCommand, policy: LifecyclePolicy): RequestSubmitted['initialStatus'] {
  if (
    command.submitter === 'authorized_agent' &&
    missingAgentAuthorizationSteps(NO_AGENT_AUTHORIZATION, command.requestType, policy.agentAuthorization)
      .length > 0
  ) {
    return 'awaiting_agent_authorization';
  }
  return requiresVerification(command.requestType) ? 'awaiting_verification' : 'in_progress';
}

function validateSubmit(command: SubmitCommand): void {
  if (command.requestId.trim() === '') {
    throw invalid('requestId', 'A request needs an id');
  }
  // Regs 7070(c): only a parent or guardian submits for a child under 13.
  if (command.ageBand === 'under_13' && command.submitter !== 'parent_guardian') {
    throw new InvalidCommandError(
      'REQUEST.PARENT_GUARDIAN_REQUIRED',
      'A request for a consumer under 13 must come from a parent or guardian',
      { ageBand: command.ageBand, submitter: command.submitter },
    );
  }
  const isKnow = command.requestType === 'know';
  if (isKnow !== (command.knowScope !== null)) {
    throw invalid('knowScope', 'A know request, and only a know request, has a scope');
  }
  if (command.knowScope !== null && !command.knowScope.categories && !command.knowScope.specificPieces) {
    throw invalid('knowScope', 'A know request asks for categories, specific pieces or both');
  }
  if (command.correctedDataPoint !== null && command.requestType !== 'correct') {
    throw invalid('correctedDataPoint', 'Only a correct request changes a data point');
  }
  if (!isCalendarDate(command.respondBy)) {
    throw invalid('respondBy', 'The response deadline must be a YYYY-MM-DD date');
  }
  if (
    command.extendedRespondBy !== null &&
    !(isCalendarDate(command.extendedRespondBy) && command.extendedRespondBy > command.respondBy)
  ) {
    throw invalid('extendedRespondBy', 'The extended deadline must be a YYYY-MM-DD date after the first');
  }
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' }).toString() === value;
  } catch {
    return false;
  }
}

function invalid(field: string, message: string): InvalidCommandError {
  return new InvalidCommandError('REQUEST.INVALID_COMMAND', message, { field });
}
