import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from './business-calendar.js';
import {
  canExtend,
  computeDeadlines,
  DEFAULT_DEADLINE_POLICY,
  extensionDays,
  type DeadlinePolicy,
} from './deadlines.js';
import type { RequestType } from './request-types.js';

const policy = DEFAULT_DEADLINE_POLICY;

interface Case {
  label: string;
  type: RequestType;
  receivedAt: string;
  receiptDate: string;
  acknowledgeBy: string | null;
  respondBy: string;
  extendedRespondBy: string | null;
}

function row(
  label: string,
  type: RequestType,
  receivedAt: string,
  receiptDate: string,
  acknowledgeBy: string | null,
  respondBy: string,
  extendedRespondBy: string | null,
): Case {
  return { label, type, receivedAt, receiptDate, acknowledgeBy, respondBy, extendedRespondBy };
}

// Every expected date was counted by hand on a month calendar and checked against
// the OPM holiday lists; instants are UTC, receipt dates are Los Angeles dates.
const consumerRightsCases: Case[] = [
  row(
    'rule book example, Sunday 1 March',
    'know',
    '2026-03-01T18:00:00Z',
    '2026-03-01',
    '2026-03-13',
    '2026-04-14',
    '2026-05-29',
  ),
  row(
    '07:30Z on 2 March is still 1 March in LA',
    'know',
    '2026-03-02T07:30:00Z',
    '2026-03-01',
    '2026-03-13',
    '2026-04-14',
    '2026-05-29',
  ),
  row(
    '01:30 PST just before DST starts',
    'delete',
    '2026-03-08T09:30:00Z',
    '2026-03-08',
    '2026-03-20',
    '2026-04-21',
    '2026-06-05',
  ),
  row(
    '23:00 PDT on the DST start day',
    'delete',
    '2026-03-09T06:00:00Z',
    '2026-03-08',
    '2026-03-20',
    '2026-04-21',
    '2026-06-05',
  ),
  row(
    '23:30 PST on the DST end day, Veterans Day in count',
    'correct',
    '2026-11-02T07:30:00Z',
    '2026-11-01',
    '2026-11-16',
    '2026-12-15',
    '2027-01-29',
  ),
  row(
    '23:59 PST on the 2025 DST end day',
    'correct',
    '2025-11-03T07:59:00Z',
    '2025-11-02',
    '2025-11-17',
    '2025-12-16',
    '2026-01-30',
  ),
  row(
    'Friday before Thanksgiving, due on a Sunday',
    'know',
    '2026-11-20T18:00:00Z',
    '2026-11-20',
    '2026-12-04',
    '2027-01-03',
    '2027-02-17',
  ),
  row(
    'over the Saturday New Year observed 31 December',
    'know',
    '2021-12-30T18:00:00Z',
    '2021-12-30',
    '2022-01-13',
    '2022-02-12',
    '2022-03-29',
  ),
  row(
    "New Year's Eve morning",
    'know',
    '2026-12-31T12:00:00Z',
    '2026-12-31',
    '2027-01-14',
    '2027-02-13',
    '2027-03-30',
  ),
  row(
    "New Year's Eve 23:00 PST is 2027 in UTC",
    'know',
    '2027-01-01T07:00:00Z',
    '2026-12-31',
    '2027-01-14',
    '2027-02-13',
    '2027-03-30',
  ),
  row(
    'over Juneteenth observed Friday 18 June',
    'delete',
    '2027-06-14T16:00:00Z',
    '2027-06-14',
    '2027-06-28',
    '2027-07-28',
    '2027-09-11',
  ),
  row('leap day', 'correct', '2028-02-29T17:00:00Z', '2028-02-29', '2028-03-13', '2028-04-13', '2028-05-28'),
];

const otherCases: Case[] = [
  row(
    'opt_out received on Saturday Independence Day',
    'opt_out',
    '2026-07-04T19:00:00Z',
    '2026-07-04',
    null,
    '2026-07-24',
    null,
  ),
  row('opt_out over Thanksgiving', 'opt_out', '2026-11-25T18:00:00Z', '2026-11-25', null, '2026-12-16', null),
  row(
    'opt_out over Juneteenth and observed Independence Day',
    'opt_out',
    '2026-06-15T16:00:00Z',
    '2026-06-15',
    null,
    '2026-07-07',
    null,
  ),
  row(
    'limit received on a Saturday',
    'limit',
    '2026-03-07T20:00:00Z',
    '2026-03-07',
    null,
    '2026-03-27',
    null,
  ),
  row(
    'limit over Christmas and New Year',
    'limit',
    '2026-12-18T18:00:00Z',
    '2026-12-18',
    null,
    '2027-01-11',
    null,
  ),
  row(
    'limit over 24 and 31 December 2021 observed',
    'limit',
    '2021-12-20T18:00:00Z',
    '2021-12-20',
    null,
    '2022-01-11',
    null,
  ),
  // Civ. 1798.83(c)(2) sets no period: the opt-out's 15 business days (Regs 7026(f)).
  row(
    'stl_suppression over Thanksgiving',
    'stl_suppression',
    '2026-11-25T18:00:00Z',
    '2026-11-25',
    null,
    '2026-12-16',
    null,
  ),
  row(
    'stl_suppression received on a Saturday',
    'stl_suppression',
    '2026-03-07T20:00:00Z',
    '2026-03-07',
    null,
    '2026-03-27',
    null,
  ),
  row(
    'stl_disclosure at a designated address',
    'stl_disclosure',
    '2026-03-01T18:00:00Z',
    '2026-03-01',
    null,
    '2026-03-30',
    null,
  ),
];

const nevadaCases: Case[] = [
  row(
    'nv_opt_out, 1 March',
    'nv_opt_out',
    '2026-03-01T18:00:00Z',
    '2026-03-01',
    null,
    '2026-04-29',
    '2026-05-29',
  ),
  row(
    'nv_opt_out over a leap day',
    'nv_opt_out',
    '2028-01-15T18:00:00Z',
    '2028-01-15',
    null,
    '2028-03-14',
    '2028-04-13',
  ),
  row(
    'nv_opt_out in a common year',
    'nv_opt_out',
    '2027-01-15T18:00:00Z',
    '2027-01-15',
    null,
    '2027-03-15',
    '2027-04-14',
  ),
];

describe('computeDeadlines', () => {
  it.each([...consumerRightsCases, ...otherCases, ...nevadaCases])(
    'given $type received $receivedAt ($label), when not extended, then due $respondBy',
    ({ type, receivedAt, receiptDate, acknowledgeBy, respondBy, extendedRespondBy }) => {
      const input = {
        type,
        receivedAt: new Date(receivedAt),
        extended: false,
        receivedAtDesignatedAddress: true,
      };
      expect(computeDeadlines(input, policy)).toMatchObject({
        receiptDate,
        acknowledgeBy,
        respondBy,
        extendedRespondBy,
        extended: false,
      });
    },
  );

  it.each([...consumerRightsCases, ...nevadaCases])(
    'given $type received $receivedAt ($label), when extended, then due $extendedRespondBy',
    ({ type, receivedAt, acknowledgeBy, extendedRespondBy }) => {
      const result = computeDeadlines({ type, receivedAt: new Date(receivedAt), extended: true }, policy);
      expect(result).toMatchObject({
        acknowledgeBy,
        respondBy: extendedRespondBy,
        extendedRespondBy,
        extended: true,
      });
    },
  );

  it.each([
    [true, '2026-03-30'],
    [false, '2026-07-28'],
    [undefined, '2026-03-30'],
  ])('given a Shine the Light request and designated address %s, then due %s', (designated, respondBy) => {
    const input = {
      type: 'stl_disclosure' as const,
      receivedAt: new Date('2026-03-01T18:00:00Z'),
      extended: false,
      receivedAtDesignatedAddress: designated,
    };
    expect(computeDeadlines(input, policy).respondBy).toBe(respondBy);
  });

  it('given a company closure inside the count, then the business-day deadline moves later', () => {
    const calendar: BusinessCalendar = { ...policy.calendar, extraClosures: ['2026-11-27'] };
    const input = { type: 'opt_out' as const, receivedAt: new Date('2026-11-25T18:00:00Z'), extended: false };
    const result = computeDeadlines(input, { ...policy, calendar });
    expect(result.respondBy).toBe('2026-12-17');
    expect(result.explanations.respondBy).toContain('and 1 company closure;');
  });

  it('given a policy with a different number, then the clock follows the configuration', () => {
    const shorter: DeadlinePolicy = { ...policy, consumerRightsRespondCalendarDays: 30 };
    const input = { type: 'know' as const, receivedAt: new Date('2026-03-01T18:00:00Z'), extended: false };
    expect(computeDeadlines(input, shorter).respondBy).toBe('2026-03-30');
  });

  it.each(['opt_out', 'limit', 'stl_disclosure', 'stl_suppression'] as const)(
    'given %s, when extended, then it refuses',
    (type) => {
      const input = { type, receivedAt: new Date('2026-03-02T18:00:00Z'), extended: true };
      expect(() => computeDeadlines(input, policy)).toThrow(
        expect.objectContaining({ code: 'REQUEST.EXTENSION_NOT_ALLOWED', details: { type } }),
      );
    },
  );
});

describe('computeDeadlines explanations', () => {
  const received = new Date('2026-03-01T18:00:00Z');

  it('given a know request received on a Sunday, then each date says how it was counted', () => {
    const { explanations } = computeDeadlines(
      { type: 'know', receivedAt: received, extended: false },
      policy,
    );
    expect(explanations).toEqual({
      acknowledgeBy:
        'Confirm receipt by 2026-03-13: 10 business days under Regs 7021(a). Day 1 is 2026-03-02, ' +
        'the first business day after the receipt date 2026-03-01, so business day 10 is 2026-03-13. ' +
        'Calendar "US federal holidays (Pacific time)" (America/Los_Angeles): business days are ' +
        'Monday–Friday minus observed US federal holidays (5 U.S.C. 6103) and 0 company closures; ' +
        'California-only holidays count as business days (conservative reading).',
      respondBy:
        'Respond by 2026-04-14: 45 calendar days under Regs 7021(b) and Civ. 1798.130(a)(2)(A), ' +
        'whatever verification takes. Day 1 is the receipt date 2026-03-01, so day 45 is 2026-04-14. ' +
        'Calendar days, not rolled forward over weekends or holidays (conservative reading).',
      extendedRespondBy:
        'If extended, respond by 2026-05-29: 90 calendar days under Regs 7021(b): 45 days plus one ' +
        '45-day extension, with notice and reason sent before the first 45 days end. Day 1 is the ' +
        'receipt date 2026-03-01, so day 90 is 2026-05-29. ' +
        'Calendar days, not rolled forward over weekends or holidays (conservative reading).',
    });
  });

  it('given an opt-out received on a business day, then day 1 is the receipt date', () => {
    const input = { type: 'opt_out' as const, receivedAt: new Date('2026-03-02T18:00:00Z'), extended: false };
    const { explanations } = computeDeadlines(input, policy);
    expect(explanations.respondBy).toContain('15 business days to take effect under Regs 7026(f)');
    expect(explanations.respondBy).toContain('Day 1 is the receipt date 2026-03-02 (conservative reading');
    expect(Object.keys(explanations)).toEqual(['respondBy']);
  });

  it('given a Shine the Light suppression, then the explanation names Civ. 1798.83(c)(2) and its reading', () => {
    const input = {
      type: 'stl_suppression' as const,
      receivedAt: new Date('2026-03-02T18:00:00Z'),
      extended: false,
    };
    const { explanations } = computeDeadlines(input, policy);
    expect(explanations.respondBy).toBe(
      'Respond by 2026-03-20: 15 business days to take effect under Civ. 1798.83(c)(2), which sets ' +
        'no period; the opt-out period of Regs 7026(f) applies (conservative reading). Day 1 is the ' +
        'receipt date 2026-03-02 (conservative reading: the clock starts on the day of receipt), so ' +
        'business day 15 is 2026-03-20. ' +
        'Calendar "US federal holidays (Pacific time)" (America/Los_Angeles): business days are ' +
        'Monday–Friday minus observed US federal holidays (5 U.S.C. 6103) and 0 company closures; ' +
        'California-only holidays count as business days (conservative reading).',
    );
  });

  it('given an extended Nevada request, then the current due date explains the extension', () => {
    const input = { type: 'nv_opt_out' as const, receivedAt: received, extended: true };
    const { explanations } = computeDeadlines(input, policy);
    expect(explanations.respondBy).toMatch(
      /^Respond by \(extended\) 2026-05-29: 90 calendar days under NRS 603A\.345\(4\)/,
    );
    expect(explanations.respondBy).toContain('one extension of up to 30 days, with notice');
  });

  it.each([
    [false, 'did not arrive at a designated address'],
    [undefined, 'is not recorded, so the shorter clock applies (conservative reading)'],
  ])('given Shine the Light with designated address %s, then the reason is stated', (designated, reason) => {
    const input = {
      type: 'stl_disclosure' as const,
      receivedAt: received,
      extended: false,
      receivedAtDesignatedAddress: designated,
    };
    expect(computeDeadlines(input, policy).explanations.respondBy).toContain(reason);
  });
});

describe('extension policy', () => {
  it.each([
    ['know', 45],
    ['delete', 45],
    ['correct', 45],
    ['opt_out', null],
    ['limit', null],
    ['nv_opt_out', 30],
    ['stl_disclosure', null],
    ['stl_suppression', null],
  ] as const)('given %s, then one extension adds %s days', (type, days) => {
    expect(extensionDays(type, policy)).toBe(days);
    expect(canExtend(type)).toBe(days !== null);
  });
});
