// The lifecycle decider, the one place its rules are written: given the
// current state, a command and the time, the events that follow, or a
// DomainError. Pure: `now` and the policy are parameters.

import { IllegalTransitionError, NotFoundError, unreachable } from '../errors.js';
import type { RequestCommand } from './commands.js';
import { decideRecordAgentAuthorization, decideSubmit } from './decide-intake.js';
import { decideComplete, decideDeny, decideExtend } from './decide-resolution.js';
import {
  decideCloseUnverified,
  decideMarkUnverifiable,
  decideRaiseVerificationLevel,
  decideVerify,
} from './decide-verification.js';
import type { RequestEvent } from './events.js';
import type { LifecyclePolicy } from './policy.js';
import type { RequestState } from './state.js';
import { assertAccepts } from './transitions.js';

export function decide(
  state: RequestState | null,
  command: RequestCommand,
  now: Date,
  policy: LifecyclePolicy,
): RequestEvent[] {
  if (command.kind === 'submit') {
    if (state !== null) throw new IllegalTransitionError(state.status, command.kind);
    return decideSubmit(command, now, policy);
  }
  if (state === null) {
    throw new NotFoundError('REQUEST.NOT_FOUND', `No request to apply "${command.kind}" to`, {
      command: command.kind,
    });
  }
  switch (command.kind) {
    case 'record_agent_authorization':
      return decideRecordAgentAuthorization(state, command, policy);
    case 'verify':
      return decideVerify(state, command, policy);
    case 'mark_unverifiable':
      return decideMarkUnverifiable(state, command, policy);
    case 'raise_verification_level':
      return decideRaiseVerificationLevel(state, command, policy);
    case 'start':
      assertAccepts(state, command.kind);
      return [{ kind: 'work_started' }];
    case 'extend':
      return decideExtend(state, command, now, policy);
    case 'complete':
      return decideComplete(state, command, policy);
    case 'deny':
      return decideDeny(state, command);
    case 'withdraw':
      assertAccepts(state, command.kind);
      return [{ kind: 'request_withdrawn' }];
    case 'close_unverified':
      return decideCloseUnverified(state, now, policy);
    default:
      return unreachable(command);
  }
}
