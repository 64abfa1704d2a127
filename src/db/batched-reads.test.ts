import { describe, expect, it } from 'vitest';
import { batchedReader } from './batched-reads.js';

/** A load whose statements the test answers one by one, recording the keys each carried. */
function controlledLoad() {
  const statements: { keys: readonly string[]; answer: (error?: Error) => void }[] = [];
  const load = (keys: readonly string[]) =>
    new Promise<ReadonlyMap<string, string>>((resolve, reject) => {
      statements.push({
        keys,
        answer: (error) => (error ? reject(error) : resolve(new Map(keys.map((key) => [key, `row ${key}`])))),
      });
    });
  return { statements, load };
}

describe('batchedReader', () => {
  it('sends a lone read at once, and the reads asked for meanwhile together in the next statement', async () => {
    const { statements, load } = controlledLoad();
    const read = batchedReader(load);
    const first = read('a');
    expect(statements.map((statement) => statement.keys)).toEqual([['a']]);
    const waiting = [read('b'), read('c'), read('b')];
    statements[0]!.answer();
    expect(await first).toBe('row a');
    await Promise.resolve();
    expect(statements.map((statement) => statement.keys)).toEqual([['a'], ['b', 'c']]);
    statements[1]!.answer();
    expect(await Promise.all(waiting)).toEqual(['row b', 'row c', 'row b']);
  });

  it('never answers a caller from a statement that began before it asked', async () => {
    const { statements, load } = controlledLoad();
    const read = batchedReader(load);
    const early = read('a');
    const late = read('a');
    statements[0]!.answer();
    await early;
    await Promise.resolve();
    expect(statements).toHaveLength(2);
    statements[1]!.answer();
    expect(await late).toBe('row a');
  });

  it('answers undefined for a key the statement did not find, and fails only the callers of a failed statement', async () => {
    const read = batchedReader(async (keys: readonly string[]) => {
      if (keys.includes('broken')) throw new Error('statement failed');
      return new Map<string, string>();
    });
    await expect(read('broken')).rejects.toThrow('statement failed');
    expect(await read('missing')).toBeUndefined();
  });
});
