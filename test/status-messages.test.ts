// What the status page and status emails say about a closed request names the
// real reason: an early closure by staff is not "in time", and a Shine the Light
// requester who is not a customer is told so (Civ. 1798.83).

import { describe, expect, it } from 'vitest';
import type { PrivacyRequest } from '../src/db/generated/client.js';
import { statusMessageOf } from '../src/services/verification/consumer-status.js';
import { given, POLICY, submit } from './support/lifecycle.js';
import { decide, evolve, type RequestCommand, type RequestState } from '../src/domain/lifecycle/index.js';

const UNVERIFIABLE: RequestCommand = {
  kind: 'mark_unverifiable',
  method: 'records_match',
  matchedDataPoints: [],
  emailControlProven: false,
  declarationSigned: false,
};

function rowOf(state: RequestState): PrivacyRequest {
  return { status: state.status, type: state.type, state } as unknown as PrivacyRequest;
}

describe('the status in words', () => {
  it.each([
    ['a delete staff found unverifiable', 'delete', 'status.closed_unverifiable'],
    ['a Shine the Light requester who is not a customer', 'stl_disclosure', 'status.closed_not_customer'],
  ] as const)('%s: %s', (_, type, key) => {
    expect(statusMessageOf(rowOf(given([submit(type), UNVERIFIABLE])), false)).toBe(key);
  });

  it('a request closed when its verification window ended says "in time"', () => {
    const submitted = given([submit('delete')]);
    const closed = decide(submitted, { kind: 'close_unverified' }, new Date('2025-04-20T16:00:00Z'), POLICY);
    expect(statusMessageOf(rowOf(closed.reduce(evolve, submitted)), false)).toBe('status.closed_unverified');
    expect(statusMessageOf(rowOf(submitted), true)).toBe('status.email_confirmed');
  });
});
