// Given the states the decider produces, when stored as JSON and read back,
// then the schema accepts them unchanged; and it refuses what no decider makes.

import { describe, expect, it } from 'vitest';
import { NOW, POLICY } from '../../../test/support/lifecycle.js';
import { decide, evolve, type RequestCommand, type RequestState, type SubmitCommand } from './index.js';
import { parseRequestState } from './state-schema.js';

const SUBMIT_KNOW: SubmitCommand = {
  kind: 'submit',
  requestId: 'request-1',
  requestType: 'know',
  channel: 'web',
  submitter: 'authorized_agent',
  ageBand: '16_plus',
  knowScope: { categories: true, specificPieces: true, beyond12Months: false },
  sensitiveData: false,
  correctedDataPoint: null,
  priorRequestThisCalendarYear: false,
  knowResponsesInPrior12Months: 0,
  respondBy: '2025-04-16',
  extendedRespondBy: '2025-05-31',
};

const VERIFY = {
  kind: 'verify',
  method: 'records_match',
  matchedDataPoints: ['name', 'email', 'phone'],
  emailControlProven: true,
  declarationSigned: true,
} as const;

/** Every state reached along the commands, in order. */
function statesAlong(commands: RequestCommand[]): RequestState[] {
  const states: RequestState[] = [];
  let state: RequestState | null = null;
  for (const command of commands) {
    state = decide(state, command, NOW, POLICY).reduce<RequestState | null>(evolve, state);
    if (state !== null) states.push(state);
  }
  return states;
}

const DENY = {
  kind: 'deny',
  reasonCode: 'legal_exception',
  explanation: 'An exemption applies',
  exception: null,
} as const;

const PATHS: Record<string, RequestCommand[]> = {
  'agent, verification, extension, completion': [
    SUBMIT_KNOW,
    { kind: 'record_agent_authorization', step: 'power_of_attorney' },
    VERIFY,
    { kind: 'extend', reason: 'Archived records' },
    { kind: 'start' },
    { kind: 'complete', summary: 'Answered' },
  ],
  denial: [{ ...SUBMIT_KNOW, submitter: 'self' }, VERIFY, DENY],
  'narrowed, then closed unverified': [
    { ...SUBMIT_KNOW, submitter: 'self' },
    { ...VERIFY, kind: 'mark_unverifiable', matchedDataPoints: ['name'] },
    { ...VERIFY, kind: 'mark_unverifiable', matchedDataPoints: ['name'] },
  ],
  withdrawal: [{ ...SUBMIT_KNOW, submitter: 'self' }, { kind: 'withdraw' }],
};

describe('RequestStateSchema', () => {
  it.each(Object.entries(PATHS))('reads back every state along: %s', (_name, commands) => {
    const states = statesAlong(commands);
    expect(states).toHaveLength(commands.length);
    for (const state of states) {
      expect(parseRequestState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    }
  });

  it('covers every status on those paths', () => {
    const statuses = new Set(
      Object.values(PATHS).flatMap((path) => statesAlong(path).map((state) => state.status)),
    );
    expect([...statuses].sort()).toEqual([
      'awaiting_agent_authorization',
      'awaiting_verification',
      'closed_unverified',
      'completed',
      'denied',
      'in_progress',
      'verified',
      'withdrawn',
    ]);
  });

  it('refuses unknown keys, unknown statuses and a status without what it needs', () => {
    const [submitted] = statesAlong([{ ...SUBMIT_KNOW, submitter: 'self' }]);
    expect(() => parseRequestState({ ...submitted, email: 'jane@example.com' })).toThrow();
    expect(() => parseRequestState({ ...submitted, status: 'archived' })).toThrow();
    expect(() => parseRequestState({ ...submitted, status: 'completed' })).toThrow();
    expect(() => parseRequestState({ ...submitted, deadlines: { respondBy: '2025-02-30' } })).toThrow();
  });
});
