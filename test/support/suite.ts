import { afterAll, beforeAll } from 'vitest';

/**
 * Starts something before the tests of the file (or describe block) that calls
 * this, stops it after them, and answers at once with a stand-in that reads
 * through to it: one line of set-up instead of a `let`, a beforeAll and an afterAll.
 */
export function useDuringSuite<T extends object>(
  start: () => Promise<T>,
  stop: (started: T) => Promise<unknown>,
): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started !== undefined) await stop(started);
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (started === undefined) throw new Error(`${String(key)} read before the suite started`);
      const value: unknown = Reflect.get(started, key);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
