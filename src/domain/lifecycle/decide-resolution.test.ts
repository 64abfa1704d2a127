// Given commands already accepted, when a command arrives, then these events
// or this error. `now` is fixed: Monday 3 March 2025, 10:00 in Los Angeles.

import { describe, expect, it } from 'vitest';
import {
  NOW,
  POLICY,
  submit,
  given,
  rejection,
  SPECIFIC_PIECES,
  VERIFY_BY_RECORDS,
} from '../../../test/support/lifecycle.js';
import { decide, DELETION_EXCEPTIONS, type DenyCommand, type SubmitCommand } from './index.js';

const VERIFY = VERIFY_BY_RECORDS;
const START = { kind: 'start' } as const;
const EXTEND = { kind: 'extend', reason: 'Records held in three archived systems' } as const;
const deny = (reasonCode: DenyCommand['reasonCode'], overrides: Partial<DenyCommand> = {}): DenyCommand => ({
  kind: 'deny',
  reasonCode,
  explanation: 'We could not act on this request because ...',
  exception: null,
  ...overrides,
});
const optOutSubmission = submit('opt_out', { extendedRespondBy: null });

describe('extend (Regs 7021(b); NRS 603A.345(4))', () => {
  it('moves respondBy to the extended date once, and requires a notice to the consumer', () => {
    const events = decide(given([submit('know')]), EXTEND, NOW, POLICY);
    expect(events).toEqual([
      {
        kind: 'deadline_extended',
        reason: EXTEND.reason,
        previousRespondBy: '2025-04-16',
        respondBy: '2025-05-31',
        noticeRequired: true,
      },
    ]);
    const extended = given([submit('know'), EXTEND]);
    expect(extended.deadlines).toEqual({
      respondBy: '2025-05-31',
      extendedRespondBy: '2025-05-31',
      extended: true,
    });
    expect(rejection(() => decide(extended, EXTEND, NOW, POLICY))).toMatchObject({
      code: 'REQUEST.EXTENSION_NOT_ALLOWED',
      kind: 'conflict',
    });
  });

  it('is allowed up to the end of the deadline day in the business time zone, not after', () => {
    const state = given([submit('delete'), VERIFY, START]);
    const lastEvening = new Date('2025-04-17T06:30:00Z'); // 16 April, 23:30 in Los Angeles
    const nextMorning = new Date('2025-04-17T07:30:00Z'); // 17 April, 00:30 in Los Angeles
    expect(decide(state, EXTEND, lastEvening, POLICY)).toHaveLength(1);
    expect(rejection(() => decide(state, EXTEND, nextMorning, POLICY))).toMatchObject({
      code: 'REQUEST.EXTENSION_NOT_ALLOWED',
      details: { today: '2025-04-17', respondBy: '2025-04-16' },
    });
  });

  it('is refused for types without an extended deadline, and without a reason', () => {
    expect(rejection(() => decide(given([optOutSubmission]), EXTEND, NOW, POLICY))).toMatchObject({
      code: 'REQUEST.EXTENSION_NOT_ALLOWED',
      details: { requestType: 'opt_out', extendedRespondBy: null },
    });
    expect(
      rejection(() => decide(given([submit('know')]), { kind: 'extend', reason: '  ' }, NOW, POLICY)),
    ).toMatchObject({
      code: 'REQUEST.INVALID_COMMAND',
      kind: 'validation',
      details: { field: 'reason' },
    });
  });
});

describe('complete', () => {
  it('an opt-out is completed once applied, without verification (Regs 7026(f))', () => {
    expect(
      given([optOutSubmission, { kind: 'complete', summary: 'Sale and sharing stopped' }]),
    ).toMatchObject({
      status: 'completed',
      summary: 'Sale and sharing stopped',
      verification: null,
    });
  });

  it('a verified request is started before it is completed, and needs a summary', () => {
    const verified = given([submit('know'), VERIFY]);
    expect(rejection(() => decide(verified, { kind: 'complete', summary: 'Sent' }, NOW, POLICY)).code).toBe(
      'REQUEST.ILLEGAL_TRANSITION',
    );
    const started = given([submit('know'), VERIFY, START]);
    expect(rejection(() => decide(started, { kind: 'complete', summary: '' }, NOW, POLICY)).code).toBe(
      'REQUEST.INVALID_COMMAND',
    );
    expect(decide(started, { kind: 'complete', summary: 'Categories sent' }, NOW, POLICY)).toEqual([
      { kind: 'request_completed', summary: 'Categories sent' },
    ]);
  });
});

describe('complete, refusing the part before the 12 months (Civ. 1798.130(a)(2)(B); Regs 7024(h))', () => {
  const BEYOND = { categories: true, specificPieces: false, beyond12Months: true };
  const FACTS =
    'Orders before March 2024 are held only on archive tapes of a system we retired, which would have to be restored in full to search them.';
  const complete = (ground: 'impossible' | 'disproportionate_effort', explanation: string) => ({
    kind: 'complete' as const,
    summary: 'Categories and pieces of the last 12 months sent',
    olderDataRefusal: { ground, explanation },
  });
  const startedKnow = (knowScope: typeof BEYOND | null, type: 'know' | 'delete' = 'know') =>
    given([submit(type, { knowScope }), VERIFY, START]);

  it.each([
    [
      'asked for more than 12 months, with the facts',
      BEYOND,
      complete('disproportionate_effort', FACTS),
      null,
    ],
    [
      'asked for more, "impossible" with no facts',
      BEYOND,
      complete('impossible', 'It is impossible.'),
      'REQUEST.INVALID_COMMAND',
    ],
    [
      'asked for the 12 months only',
      { ...BEYOND, beyond12Months: false },
      complete('impossible', FACTS),
      'REQUEST.NOT_ALLOWED',
    ],
  ] as const)('a request to know that %s', (_case, knowScope, command, code) => {
    const state = startedKnow(knowScope);
    if (code !== null) {
      expect(rejection(() => decide(state, command, NOW, POLICY)).code).toBe(code);
      return;
    }
    // Received 2025-03-03: the 12 months from 2024-03-03 are answered, the days before refused.
    expect(decide(state, command, NOW, POLICY)).toEqual([
      {
        kind: 'request_completed',
        summary: command.summary,
        olderDataRefusal: {
          ground: 'disproportionate_effort',
          explanation: FACTS,
          from: '2022-01-01',
          until: '2024-03-02',
        },
      },
    ]);
  });

  it('is refused for any other request type', () => {
    const state = startedKnow(null, 'delete');
    expect(rejection(() => decide(state, complete('impossible', FACTS), NOW, POLICY)).code).toBe(
      'REQUEST.NOT_ALLOWED',
    );
  });
});

describe('deny (Civ. 1798.145, 1798.105(d), 1798.83; Regs 7026, 7027)', () => {
  it.each(['opt_out', 'limit'] as const)('%s is denied only for documented fraud', (type) => {
    const state = given([submit(type, { extendedRespondBy: null })]);
    expect(rejection(() => decide(state, deny('legal_exception'), NOW, POLICY))).toMatchObject({
      code: 'REQUEST.DENIAL_NOT_ALLOWED',
      kind: 'conflict',
      details: { requestType: type, reasonCode: 'legal_exception' },
    });
    expect(given([submit(type, { extendedRespondBy: null }), deny('fraud')])).toMatchObject({
      status: 'denied',
      denial: { reasonCode: 'fraud', optOutOffered: false },
    });
  });

  it('every denial carries an explanation for the consumer', () => {
    const state = given([optOutSubmission]);
    expect(rejection(() => decide(state, deny('fraud', { explanation: ' ' }), NOW, POLICY))).toMatchObject({
      code: 'REQUEST.DENIAL_REASON_REQUIRED',
      kind: 'validation',
    });
  });

  it('a deletion denial cites one of its lawful bases and offers the opt-out', () => {
    expect(DELETION_EXCEPTIONS).toHaveLength(12);
    const state = given([submit('delete'), VERIFY]);
    expect(rejection(() => decide(state, deny('deletion_exception'), NOW, POLICY)).code).toBe(
      'REQUEST.DENIAL_EXCEPTION_REQUIRED',
    );
    expect(
      rejection(() => decide(state, deny('fraud', { exception: 'security_and_integrity' }), NOW, POLICY))
        .code,
    ).toBe('REQUEST.DENIAL_NOT_ALLOWED');
    expect(decide(state, deny('deletion_exception', { exception: 'legal_obligation' }), NOW, POLICY)).toEqual(
      [
        {
          kind: 'request_denied',
          reasonCode: 'deletion_exception',
          explanation: 'We could not act on this request because ...',
          exception: 'legal_obligation',
          optOutOffered: true,
        },
      ],
    );
  });

  it('only a deletion denial cites a deletion exception', () => {
    const state = given([submit('know'), VERIFY]);
    expect(
      rejection(() => decide(state, deny('legal_exception', { exception: 'debug_and_repair' }), NOW, POLICY)),
    ).toMatchObject({
      code: 'REQUEST.INVALID_COMMAND',
      details: { field: 'exception' },
    });
  });

  it('Shine the Light is declined as already answered only when it was, this calendar year', () => {
    const stl = (priorRequestThisCalendarYear: boolean) =>
      given([
        submit('stl_disclosure', { priorRequestThisCalendarYear }),
        { ...VERIFY, matchedDataPoints: ['account_number'] },
      ]);
    expect(
      rejection(() => decide(stl(false), deny('stl_already_answered_this_year'), NOW, POLICY)).code,
    ).toBe('REQUEST.DENIAL_NOT_ALLOWED');
    expect(decide(stl(true), deny('stl_already_answered_this_year'), NOW, POLICY)).toMatchObject([
      {
        kind: 'request_denied',
        reasonCode: 'stl_already_answered_this_year',
        optOutOffered: false,
      },
    ]);
  });

  // Civ. 1798.130(b): every response to a request to know counts, categories included.
  it.each<[string, number, Partial<SubmitCommand>, boolean]>([
    ["a consumer's first request for specific pieces", 0, { knowScope: SPECIFIC_PIECES }, false],
    ['a request after one response in 12 months', 1, { knowScope: SPECIFIC_PIECES }, false],
    ['a request for specific pieces after two responses', 2, { knowScope: SPECIFIC_PIECES }, true],
    ['a request for categories after two responses', 2, {}, true],
  ])(
    'twice in 12 months (Civ. 1798.130(b)): %s, when denied as over the limit, then allowed: %s',
    (_, knowResponsesInPrior12Months, overrides, allowed) => {
      const state = given([
        submit('know', { ...overrides, knowResponsesInPrior12Months }),
        { ...VERIFY, matchedDataPoints: ['name', 'email', 'phone'], declarationSigned: true },
      ]);
      const act = () => decide(state, deny('specific_pieces_limit_reached'), NOW, POLICY);
      if (allowed) expect(act()).toMatchObject([{ kind: 'request_denied' }]);
      else expect(rejection(act).code).toBe('REQUEST.DENIAL_NOT_ALLOWED');
    },
  );

  it('is not decided before verification', () => {
    expect(
      rejection(() => decide(given([submit('know')]), deny('legal_exception'), NOW, POLICY)),
    ).toMatchObject({
      code: 'REQUEST.ILLEGAL_TRANSITION',
      details: { status: 'awaiting_verification', command: 'deny' },
    });
  });
});

// Civ. 1798.105(d), 1798.145(a)(1)(E), 1798.145(d)-(f), 1798.146; Regs 7022(d): every lawful basis may be cited.
describe('the lawful bases of a deletion denial', () => {
  it.each(DELETION_EXCEPTIONS.map((exception) => [exception]))('%s may deny a deletion', (exception) => {
    const state = given([submit('delete'), VERIFY]);
    expect(decide(state, deny('deletion_exception', { exception }), NOW, POLICY)).toMatchObject([
      { kind: 'request_denied', exception, optOutOffered: true },
    ]);
  });
});

describe('withdraw and terminal statuses', () => {
  it('an open request can be withdrawn', () => {
    expect(given([submit('correct'), { kind: 'withdraw' }]).status).toBe('withdrawn');
  });

  it.each([
    ['completed', [optOutSubmission, { kind: 'complete', summary: 'Applied' }]],
    ['denied', [optOutSubmission, deny('fraud')]],
    ['closed_unverified', [submit('know'), { ...VERIFY, kind: 'mark_unverifiable', matchedDataPoints: [] }]],
    ['withdrawn', [submit('know'), { kind: 'withdraw' }]],
  ] as const)('a %s request accepts no further command', (status, history) => {
    const state = given([...history]);
    expect(state.status).toBe(status);
    for (const command of [{ kind: 'withdraw' }, EXTEND, START, VERIFY] as const) {
      const error = rejection(() => decide(state, command, NOW, POLICY));
      expect(error).toMatchObject({
        code: 'REQUEST.ILLEGAL_TRANSITION',
        details: { status, command: command.kind },
      });
      expect(error.message).toContain(status);
      expect(error.message).toContain(command.kind);
    }
  });
});
