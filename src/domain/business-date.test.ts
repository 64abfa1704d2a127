import { describe, expect, it } from 'vitest';
import { businessDateOf, receiptDateOf } from './business-date.js';

// The receipt date is never later than in Pacific time, so a business east of
// California is never late for a California consumer (Civ. 1798.130(a)(2)(A); Regs 7021(b)).
describe('receipt date and "today"', () => {
  it.each([
    [
      '01:30 Eastern on 2 March (22:30 Pacific on 1 March)',
      '2026-03-02T06:30:00Z',
      'America/New_York',
      '2026-03-01',
    ],
    ['noon Eastern', '2026-03-02T17:00:00Z', 'America/New_York', '2026-03-02'],
    ['a business in Hawaii, evening there', '2026-03-02T07:30:00Z', 'Pacific/Honolulu', '2026-03-01'],
    [
      'New Year in Herndon, still 31 December in California',
      '2027-01-01T05:30:00Z',
      'America/New_York',
      '2026-12-31',
    ],
  ])('received %s: receipt date %s', (_, at, zone, expected) => {
    expect(receiptDateOf(new Date(at), zone)).toBe(expected);
  });

  it('answers "what day is it" in the business zone: 01:30 in Herndon is already the next day', () => {
    expect(businessDateOf(new Date('2026-03-02T06:30:00Z'), 'America/New_York')).toBe('2026-03-02');
  });
});
