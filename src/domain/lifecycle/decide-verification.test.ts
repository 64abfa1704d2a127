// Given commands already accepted, when a command arrives, then these events
// or this error. `now` is fixed: Monday 3 March 2025, 10:00 in Los Angeles.

import { describe, expect, it } from 'vitest';
import { NOW, POLICY, SPECIFIC_PIECES, submit, given, rejection } from '../../../test/support/lifecycle.js';
import type { DataPoint } from '../request-types.js';
import { decide, evolve, type MarkUnverifiableCommand, type VerifyCommand } from './index.js';

function verify(
  matchedDataPoints: DataPoint[],
  declarationSigned = false,
  emailControlProven = false,
): VerifyCommand {
  return {
    kind: 'verify',
    method: 'records_match',
    matchedDataPoints,
    emailControlProven,
    declarationSigned,
  };
}

function markUnverifiable(
  matchedDataPoints: DataPoint[],
  declarationSigned = false,
): MarkUnverifiableCommand {
  return { ...verify(matchedDataPoints, declarationSigned), kind: 'mark_unverifiable' };
}

describe('verify (Regs 7062)', () => {
  it('records the level reached and the matched data points', () => {
    const state = given([submit('know'), verify(['name', 'email', 'name'])]);
    expect(state).toMatchObject({
      status: 'verified',
      verification: {
        level: 'reasonable',
        method: 'records_match',
        matchedDataPoints: ['name', 'email'],
        declarationSigned: false,
        emailControlProven: false,
      },
    });
  });

  it('refuses evidence below the level, saying what is missing', () => {
    const state = given([submit('know', { knowScope: SPECIFIC_PIECES })]);
    expect(rejection(() => decide(state, verify(['name', 'email', 'phone']), NOW, POLICY))).toMatchObject({
      code: 'REQUEST.VERIFICATION_INSUFFICIENT',
      kind: 'conflict',
      details: { requestType: 'know', level: 'reasonably_high', missing: ['signed_declaration'] },
    });
    expect(decide(state, verify(['name', 'email', 'phone'], true), NOW, POLICY)).toMatchObject([
      {
        kind: 'request_verified',
        verification: { level: 'reasonably_high', declarationSigned: true },
      },
    ]);
  });

  it('sensitive deletions need the reasonably high level (Regs 7062(d))', () => {
    const state = given([submit('delete', { sensitiveData: true })]);
    expect(rejection(() => decide(state, verify(['name', 'email']), NOW, POLICY)).code).toBe(
      'REQUEST.VERIFICATION_INSUFFICIENT',
    );
  });

  it('Nevada and Shine the Light use their own levels (NRS 603A.337; Civ. 1798.83)', () => {
    expect(given([submit('nv_opt_out'), verify(['email'], false, true)]).verification?.level).toBe(
      'commercially_reasonable',
    );
    expect(given([submit('stl_disclosure'), verify(['account_number'])]).verification?.level).toBe(
      'customer_match',
    );
  });

  it('opt_out is never verified: verify is an illegal transition', () => {
    const state = given([submit('opt_out', { extendedRespondBy: null })]);
    expect(rejection(() => decide(state, verify(['name', 'email']), NOW, POLICY))).toMatchObject({
      code: 'REQUEST.ILLEGAL_TRANSITION',
      details: { status: 'in_progress', command: 'verify' },
    });
  });
});

describe('mark_unverifiable (Regs 7022, 7023, 7024)', () => {
  it('delete closes unverified and offers the opt-out of sale/sharing (Regs 7022(a), (g))', () => {
    expect(decide(given([submit('delete')]), markUnverifiable(['name']), NOW, POLICY)).toEqual([
      {
        kind: 'request_closed_unverified',
        reason: 'unverifiable',
        optOutOffered: true,
        privacyPolicyReferred: false,
      },
    ]);
  });

  it('know specific pieces continues as a categories request (Regs 7024(a))', () => {
    const state = given([submit('know', { knowScope: SPECIFIC_PIECES })]);
    const events = decide(state, markUnverifiable(['name']), NOW, POLICY);
    expect(events).toEqual([
      {
        kind: 'know_scope_narrowed',
        from: SPECIFIC_PIECES,
        to: { categories: true, specificPieces: false, beyond12Months: true },
      },
    ]);
    const narrowed = events.reduce(evolve, state);
    expect(narrowed).toMatchObject({
      status: 'awaiting_verification',
      knowScope: { specificPieces: false },
    });
    expect(decide(narrowed, verify(['name', 'phone']), NOW, POLICY)).toMatchObject([
      { kind: 'request_verified', verification: { level: 'reasonable' } },
    ]);
  });

  it('know specific pieces is re-checked at once against the categories level', () => {
    const state = given([submit('know', { knowScope: SPECIFIC_PIECES })]);
    expect(decide(state, markUnverifiable(['name', 'email', 'phone']), NOW, POLICY)).toMatchObject([
      { kind: 'know_scope_narrowed' },
      {
        kind: 'request_verified',
        verification: { level: 'reasonable', matchedDataPoints: ['name', 'email', 'phone'] },
      },
    ]);
  });

  it('know categories closes unverified and points to the privacy policy (Regs 7024(b))', () => {
    expect(decide(given([submit('know')]), markUnverifiable([]), NOW, POLICY)).toEqual([
      {
        kind: 'request_closed_unverified',
        reason: 'unverifiable',
        optOutOffered: false,
        privacyPolicyReferred: true,
      },
    ]);
  });

  it('correct closes unverified (Regs 7023)', () => {
    const state = given([submit('correct'), markUnverifiable(['name'])]);
    expect(state).toMatchObject({
      status: 'closed_unverified',
      closure: { reason: 'unverifiable', optOutOffered: false },
    });
  });

  it('refuses when the evidence does meet the level', () => {
    expect(
      rejection(() => decide(given([submit('delete')]), markUnverifiable(['name', 'email']), NOW, POLICY)),
    ).toMatchObject({
      code: 'REQUEST.NOT_ALLOWED',
      kind: 'conflict',
    });
  });
});

describe('close_unverified (system, when the verification window ends, by the due date at the latest)', () => {
  const afterDeadline = new Date('2025-04-17T08:00:00Z'); // 17 April, 01:00 in Los Angeles

  it('closes a request still unverified once the deadline has passed in the business time zone', () => {
    expect(decide(given([submit('delete')]), { kind: 'close_unverified' }, afterDeadline, POLICY)).toEqual([
      {
        kind: 'request_closed_unverified',
        reason: 'response_deadline_passed',
        optOutOffered: true,
        privacyPolicyReferred: false,
      },
    ]);
  });

  // Regs 7022(a), 7024(b): the closure notice must reach the requester within the response period.
  it.each([
    ['before the window ends', '2025-04-02T06:30:00Z', 30, null],
    ['the day the 30-day window ends', '2025-04-02T16:00:00Z', 30, 'verification_window_ended'],
    [
      'the due date, when the window is longer than the period',
      '2025-04-16T16:00:00Z',
      60,
      'verification_window_ended',
    ],
    ['the day before the due date, with a 60-day window', '2025-04-15T16:00:00Z', 60, null],
  ] as const)('received 3 March, due 16 April: %s, closed: %s', (_, at, verificationWindowDays, reason) => {
    const policy = { ...POLICY, verificationWindowDays };
    const close = () => decide(given([submit('delete')]), { kind: 'close_unverified' }, new Date(at), policy);
    if (reason === null) expect(rejection(close).code).toBe('REQUEST.DEADLINE_NOT_PASSED');
    else expect(close()).toMatchObject([{ kind: 'request_closed_unverified', reason }]);
  });

  it('does not close a verified request', () => {
    const state = given([submit('delete'), verify(['name', 'email'])]);
    expect(rejection(() => decide(state, { kind: 'close_unverified' }, afterDeadline, POLICY)).code).toBe(
      'REQUEST.ILLEGAL_TRANSITION',
    );
  });
});

describe('raise_verification_level (Regs 7062(c), (d); CPNI under 47 U.S.C. 222)', () => {
  const raise = (reason = 'The account holds call records (CPNI).') =>
    ({ kind: 'raise_verification_level', level: 'reasonably_high', basis: 'cpni', reason }) as const;
  const THREE: DataPoint[] = ['name', 'email', 'account_number'];

  it.each([
    // type, commands before, status after, verified at the lower level before
    ['delete', [], 'awaiting_verification', false],
    ['correct', [], 'awaiting_verification', false],
    ['know', [], 'awaiting_verification', false],
    ['delete', [verify(['name', 'email'])], 'awaiting_verification', true],
  ] as const)(
    'a %s request then needs 3 data points and a declaration',
    (type, before, status, withdrawn) => {
      const state = given([submit(type), ...before]);
      const events = decide(state, raise(), NOW, POLICY);
      expect(events).toEqual([
        {
          kind: 'verification_level_raised',
          level: 'reasonably_high',
          basis: 'cpni',
          reason: 'The account holds call records (CPNI).',
          previousLevel: 'reasonable',
          dataPoints: 3,
          verificationWithdrawn: withdrawn,
        },
      ]);
      const raised = events.reduce(evolve, state);
      expect(raised).toMatchObject({ status, verification: null });
      // The two points that were enough before are not now; three and a declaration are.
      expect(rejection(() => decide(raised, verify(['name', 'email']), NOW, POLICY)).code).toBe(
        'REQUEST.VERIFICATION_INSUFFICIENT',
      );
      expect(rejection(() => decide(raised, verify(THREE), NOW, POLICY)).details.missing).toEqual([
        'signed_declaration',
      ]);
      expect(decide(raised, verify(THREE, true), NOW, POLICY)).toMatchObject([
        { kind: 'request_verified', verification: { level: 'reasonably_high' } },
      ]);
    },
  );

  it.each([
    ['a delete the requester said concerns sensitive data', submit('delete', { sensitiveData: true })],
    ['a request for specific pieces', submit('know', { knowScope: SPECIFIC_PIECES })],
    ['an opt-out', submit('opt_out', { extendedRespondBy: null, submitter: 'authorized_agent' })],
  ])('is refused for %s: never lowered, and only where a higher level exists', (_case, submission) => {
    expect(rejection(() => decide(given([submission]), raise(), NOW, POLICY)).code).toBe(
      'REQUEST.NOT_ALLOWED',
    );
  });

  it('needs a reason, and is refused once work has started', () => {
    expect(rejection(() => decide(given([submit('delete')]), raise(' '), NOW, POLICY)).code).toBe(
      'REQUEST.INVALID_COMMAND',
    );
    const started = given([submit('delete'), verify(['name', 'email']), { kind: 'start' }]);
    expect(rejection(() => decide(started, raise(), NOW, POLICY)).code).toBe('REQUEST.ILLEGAL_TRANSITION');
  });
});
