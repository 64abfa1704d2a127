import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPoller, MAX_BACKOFF_MS } from './poller.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a poller', () => {
  it('backs off after failed rounds, and ticks at its interval again once a round succeeds', async () => {
    let failing = true;
    let rounds = 0;
    const errors: unknown[] = [];
    const poller = createPoller({
      intervalMs: 100,
      round: async () => {
        rounds += 1;
        if (failing) throw new Error('database unreachable');
      },
      onError: (error) => errors.push(error),
    });
    poller.start();

    // Without back-off, 10 s of failures would be 100 rounds; doubling from 200 ms makes it 6.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(rounds).toBeLessThanOrEqual(8);
    expect(errors).toHaveLength(rounds);

    // An explicit wake runs at once, whatever the back-off.
    const beforeWake = rounds;
    poller.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(rounds).toBe(beforeWake + 1);

    failing = false;
    await vi.advanceTimersByTimeAsync(MAX_BACKOFF_MS);
    const recovered = rounds;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(rounds - recovered).toBeGreaterThanOrEqual(9);
    await poller.stop();
  });

  it('runs one round at a time: a wake during a round asks for one more after it', async () => {
    let rounds = 0;
    let release: () => void = () => {};
    const poller = createPoller({
      intervalMs: 60_000,
      round: () => {
        rounds += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
      onError: () => {},
    });
    poller.start();
    poller.wake();
    poller.wake();
    expect(rounds).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(rounds).toBe(2);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(rounds).toBe(2);
    await poller.stop();
  });
});
