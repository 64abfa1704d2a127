import { describe, expect, it } from 'vitest';
import { unverifiedClosingDate } from './verification-window.js';

// Regs 7022(a), 7024(b); Civ. 1798.130(a)(2)(A): the closure notice goes out within the response period.
describe('the day an unverified request is closed', () => {
  it.each([
    ['2026-03-01', '2026-04-14', 30, '2026-03-31'],
    ['2026-03-01', '2026-03-30', 30, '2026-03-30'],
    ['2026-12-15', '2027-01-28', 30, '2027-01-14'],
    ['2026-03-01', '2026-04-14', 90, '2026-04-14'],
  ])('received %s, due %s, window %i days: closed on %s', (receipt, due, window, closesOn) => {
    expect(unverifiedClosingDate(receipt, due, window)).toBe(closesOn);
  });
});
