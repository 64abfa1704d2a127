// Which statuses accept which command: the transition table in one place.
// Terminal statuses accept nothing; `submit` applies only to a new request.

import { IllegalTransitionError } from '../errors.js';
import type { RequestCommandKind } from './commands.js';
import { OPEN_STATUSES, type RequestState, type RequestStatus } from './state.js';

export const ACCEPTING_STATUSES = {
  record_agent_authorization: ['awaiting_agent_authorization'],
  verify: ['awaiting_verification'],
  mark_unverifiable: ['awaiting_verification'],
  // Before work starts: once it has, the business's systems are already acting on the request.
  raise_verification_level: ['awaiting_agent_authorization', 'awaiting_verification', 'verified'],
  start: ['verified'],
  // Regs 7021(b): the clock runs from receipt whatever verification takes, so
  // the deadline can be extended before the requester is verified.
  extend: OPEN_STATUSES,
  complete: ['in_progress'],
  deny: ['verified', 'in_progress'],
  withdraw: OPEN_STATUSES,
  close_unverified: ['awaiting_agent_authorization', 'awaiting_verification'],
} as const satisfies Record<Exclude<RequestCommandKind, 'submit'>, readonly RequestStatus[]>;

type AcceptingCommand = keyof typeof ACCEPTING_STATUSES;
type AcceptingState<K extends AcceptingCommand> = Extract<
  RequestState,
  { status: (typeof ACCEPTING_STATUSES)[K][number] }
>;

export function assertAccepts<K extends AcceptingCommand>(
  state: RequestState,
  command: K,
): asserts state is AcceptingState<K> {
  const accepting: readonly RequestStatus[] = ACCEPTING_STATUSES[command];
  if (!accepting.includes(state.status)) {
    throw new IllegalTransitionError(state.status, command);
  }
}
