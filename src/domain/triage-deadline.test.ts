import { describe, expect, it } from 'vitest';
import { computeDeadlines, DEFAULT_DEADLINE_POLICY } from './deadlines.js';
import { earliestRespondBy } from './triage-deadline.js';

describe('the running deadline of a message in the triage inbox', () => {
  it('is the earliest of every request type’s, counted from arrival (Regs 7026(f): 15 business days for an opt-out)', () => {
    // Monday 3 March 2025, 10:00 in Los Angeles.
    const receivedAt = new Date('2025-03-03T18:00:00Z');
    const optOut = computeDeadlines(
      { type: 'opt_out', receivedAt, extended: false },
      DEFAULT_DEADLINE_POLICY,
    );
    expect(earliestRespondBy(receivedAt, DEFAULT_DEADLINE_POLICY)).toBe(optOut.respondBy);
    expect(optOut.respondBy).toBe('2025-03-21');
  });
});
