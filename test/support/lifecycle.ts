// Fixtures for the decider's unit tests (src/domain/lifecycle/*.test.ts):
// given commands already accepted, when a command arrives, then events or an error.

import { DomainError } from '../../src/domain/errors.js';
import {
  decide,
  DEFAULT_AGENT_AUTHORIZATION_POLICY,
  DEFAULT_VERIFICATION_WINDOW_DAYS,
  evolve,
  type LifecyclePolicy,
  type RequestCommand,
  type RequestState,
  type SubmitCommand,
} from '../../src/domain/lifecycle/index.js';
import type { RequestType } from '../../src/domain/request-types.js';
import { DEFAULT_VERIFICATION_POLICY } from '../../src/domain/verification-rules.js';

/** Monday 3 March 2025, 10:00 in Los Angeles. */
export const NOW = new Date('2025-03-03T18:00:00Z');

export const POLICY: LifecyclePolicy = {
  timeZone: 'America/Los_Angeles',
  verification: DEFAULT_VERIFICATION_POLICY,
  agentAuthorization: DEFAULT_AGENT_AUTHORIZATION_POLICY,
  verificationWindowDays: DEFAULT_VERIFICATION_WINDOW_DAYS,
};

const CATEGORIES = { categories: true, specificPieces: false, beyond12Months: false };
/** Two data points matched against the records: the level of know categories, delete and correct. */
export const VERIFY_BY_RECORDS = {
  kind: 'verify',
  method: 'records_match',
  matchedDataPoints: ['name', 'email'],
  emailControlProven: false,
  declarationSigned: false,
} as const;

export const SPECIFIC_PIECES = { categories: true, specificPieces: true, beyond12Months: true };

export function submit(type: RequestType, overrides: Partial<SubmitCommand> = {}): SubmitCommand {
  return {
    kind: 'submit',
    requestId: 'request-1',
    requestType: type,
    channel: 'web',
    submitter: 'self',
    ageBand: null,
    knowScope: type === 'know' ? CATEGORIES : null,
    sensitiveData: false,
    correctedDataPoint: null,
    priorRequestThisCalendarYear: false,
    knowResponsesInPrior12Months: 0,
    respondBy: '2025-04-16',
    extendedRespondBy: '2025-05-31',
    ...overrides,
  };
}

/** The state after accepting these commands in order at NOW. */
export function given(commands: RequestCommand[], policy = POLICY): RequestState {
  const state = commands.reduce<RequestState | null>(
    (current, command) => decide(current, command, NOW, policy).reduce(evolve, current),
    null,
  );
  if (state === null) throw new Error('given() needs at least a submit command');
  return state;
}

/** The DomainError the action throws; fails the test if it throws nothing or something else. */
export function rejection(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
