import { describe, expect, it } from 'vitest';
import { nextAttemptAt } from './retry-schedule.js';

const NOW = new Date('2026-03-02T10:00:00Z');
const DAY_LATER = new Date('2026-03-03T10:00:00Z');

describe('retrying a connector call', () => {
  it('doubles the delay per attempt, with the jitter between half and all of it', () => {
    const at = (attempts: number, random: number) =>
      nextAttemptAt({ attempts, now: NOW, retryUntil: DAY_LATER, baseMs: 1000 }, random)!.getTime() -
      NOW.getTime();
    expect(at(1, 0)).toBe(500);
    expect(at(1, 0.999)).toBe(999);
    expect(at(3, 0)).toBe(2000);
    expect(at(30, 0)).toBe(1_800_000);
  });

  it('makes a last try at the end of the period and none after it', () => {
    const nearEnd = new Date(DAY_LATER.getTime() - 10);
    expect(nextAttemptAt({ attempts: 5, now: nearEnd, retryUntil: DAY_LATER, baseMs: 1000 }, 0.5)).toEqual(
      DAY_LATER,
    );
    expect(
      nextAttemptAt({ attempts: 6, now: DAY_LATER, retryUntil: DAY_LATER, baseMs: 1000 }, 0.5),
    ).toBeNull();
  });
});
