import { describe, expect, it } from 'vitest';
import { checkpointSigningText, judgeChainAgainstCheckpoints, type Checkpoint } from './audit-checkpoint.js';

const checkpoint = (position: number, hash: string): Checkpoint => ({
  position: String(position),
  hash,
  at: '2026-11-30T12:00:00.000Z',
  signature: 'signed',
});
const chain = new Map([
  [1n, 'a'.repeat(64)],
  [2n, 'b'.repeat(64)],
]);
const hashAt = (position: bigint) => chain.get(position);

describe('checkpoints of the audit chain', () => {
  it('signs the canonical JSON of position, hash and time, keys sorted', () => {
    expect(checkpointSigningText(checkpoint(2, 'b'.repeat(64)))).toBe(
      `{"at":"2026-11-30T12:00:00.000Z","hash":"${'b'.repeat(64)}","position":"2"}`,
    );
  });

  it('holds while the chain still has each checkpointed hash at its position', () => {
    expect(
      judgeChainAgainstCheckpoints([checkpoint(1, 'a'.repeat(64)), checkpoint(2, 'b'.repeat(64))], hashAt),
    ).toEqual({ kind: 'held', checkpoints: 2 });
  });

  it('names a chain that ends before a checkpoint truncated, and another hash there replaced', () => {
    expect(judgeChainAgainstCheckpoints([checkpoint(3, 'c'.repeat(64))], hashAt)).toEqual({
      kind: 'truncated',
      position: '3',
    });
    expect(judgeChainAgainstCheckpoints([checkpoint(2, 'c'.repeat(64))], hashAt)).toEqual({
      kind: 'replaced',
      position: '2',
    });
  });
});
