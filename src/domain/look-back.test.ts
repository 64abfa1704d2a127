import { describe, expect, it } from 'vitest';
import { lookBackWindowOf, refusableOlderPeriodOf } from './look-back.js';

// Civ. 1798.130(a)(2)(B): 12 months before receipt, or back to 1 January 2022 when asked.
describe('the look-back window of a request to know', () => {
  it.each([
    ['2026-03-01', false, { from: '2025-03-01', to: '2026-03-01', beyond12MonthsFrom: null }],
    ['2026-03-01', true, { from: '2022-01-01', to: '2026-03-01', beyond12MonthsFrom: '2022-01-01' }],
    ['2024-02-29', false, { from: '2023-02-28', to: '2024-02-29', beyond12MonthsFrom: null }],
    ['2022-06-15', true, { from: '2021-06-15', to: '2022-06-15', beyond12MonthsFrom: null }],
  ])('received %s, beyond 12 months asked: %s', (receipt, beyond, window) => {
    expect(lookBackWindowOf(receipt, beyond)).toEqual(window);
  });
});

// Regs 7024(h): only the days asked for before the 12 months may be refused.
describe('the part of a request to know that may be refused', () => {
  it.each([
    ['2026-03-01', true, { from: '2022-01-01', until: '2025-02-28' }],
    ['2024-02-29', true, { from: '2022-01-01', until: '2023-02-27' }],
    ['2026-03-01', false, null],
    ['2022-06-15', true, null],
  ])('received %s, beyond 12 months asked: %s', (receipt, beyond, period) => {
    expect(refusableOlderPeriodOf(receipt, beyond)).toEqual(period);
  });
});
