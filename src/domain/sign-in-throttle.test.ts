import { describe, expect, it } from 'vitest';
import { startsThrottling, waitAfterFailures } from './sign-in-throttle.js';

describe('sign-in throttling', () => {
  it('lets the first tries through, then doubles the wait, up to its cap', () => {
    expect([1, 2, 3].map((failures) => waitAfterFailures('email_from_address', failures))).toEqual([0, 0, 0]);
    expect([4, 5, 6, 7].map((failures) => waitAfterFailures('email_from_address', failures))).toEqual([
      2, 4, 8, 16,
    ]);
    expect(waitAfterFailures('email_from_address', 50)).toBe(900);
  });

  it('never makes the owner wait more than half a minute for what others try from elsewhere', () => {
    expect(waitAfterFailures('email', 10)).toBe(0);
    expect(waitAfterFailures('email', 11)).toBe(1);
    expect(waitAfterFailures('email', 10_000)).toBe(30);
  });

  it('tells the owner once, when the waits begin', () => {
    expect([3, 4, 5].map((failures) => startsThrottling('email_from_address', failures))).toEqual([
      false,
      true,
      false,
    ]);
  });
});
