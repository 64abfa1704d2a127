import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  findChainBreak,
  findPositionGap,
  GENESIS_HASH,
  hashAuditEvent,
  linkAuditEvents,
  type ChainedAuditEvent,
  type StoredAuditEvent,
} from './audit-chain.js';

const OCCURRED_AT = new Date('2025-03-03T18:00:00.123Z');

function event(index: number, payload: unknown = { step: 'signed_permission' }): ChainedAuditEvent {
  return {
    id: `00000000-0000-4000-8000-00000000000${index}`,
    requestId: '11111111-1111-4111-8111-111111111111',
    actorType: 'staff',
    actorId: '22222222-2222-4222-8222-222222222222',
    action: 'agent_authorization_recorded',
    payload,
    occurredAt: new Date(OCCURRED_AT.getTime() + index * 1000),
  };
}

/** Five linked events as the database would store them, sequences 11 to 15. */
function storedChain(): StoredAuditEvent[] {
  return linkAuditEvents(
    GENESIS_HASH,
    [1, 2, 3, 4, 5].map((index) => event(index)),
  ).map((linked, index) => ({ ...linked, sequence: BigInt(11 + index) }));
}

describe('hashAuditEvent', () => {
  it('hashes the previous hash followed by the RFC 8785 JSON of the event, keys sorted', () => {
    const canonical =
      '{"action":"work_started","actorId":null,"actorType":"system","id":"e1",' +
      '"occurredAt":"2025-03-03T18:00:00.123Z","payload":{"a":1,"b":[true,null]},"requestId":null}';
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonical)
      .digest('hex');
    const hash = hashAuditEvent(GENESIS_HASH, {
      id: 'e1',
      requestId: null,
      actorType: 'system',
      actorId: null,
      action: 'work_started',
      payload: { b: [true, null], a: 1 },
      occurredAt: OCCURRED_AT,
    });
    expect(hash).toBe(expected);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('does not depend on the order of payload keys, but on every value and on the previous hash', () => {
    const base = hashAuditEvent(GENESIS_HASH, event(1, { from: 'a', to: 'b' }));
    expect(hashAuditEvent(GENESIS_HASH, event(1, { to: 'b', from: 'a' }))).toBe(base);
    expect(hashAuditEvent(GENESIS_HASH, event(1, { from: 'a', to: 'c' }))).not.toBe(base);
    expect(hashAuditEvent(GENESIS_HASH, { ...event(1, { from: 'a', to: 'b' }), actorId: null })).not.toBe(
      base,
    );
    expect(hashAuditEvent('f'.repeat(64), event(1, { from: 'a', to: 'b' }))).not.toBe(base);
  });
});

describe('findChainBreak', () => {
  it('accepts an intact chain, also when checked in batches', () => {
    const chain = storedChain();
    expect(findChainBreak(GENESIS_HASH, chain)).toBeNull();
    const [first, second, ...rest] = chain;
    expect(findChainBreak(GENESIS_HASH, [first!, second!])).toBeNull();
    expect(findChainBreak(second!.hash, rest)).toBeNull();
  });

  it('reports an edited payload at the edited event', () => {
    const chain = storedChain();
    chain[2] = { ...chain[2]!, payload: { step: 'power_of_attorney' } };
    expect(findChainBreak(GENESIS_HASH, chain)).toEqual({ sequence: 13n, reason: 'hash_mismatch' });
  });

  it('reports an edited and re-hashed event at the next one', () => {
    const chain = storedChain();
    const edited = { ...chain[2]!, occurredAt: new Date('2020-01-01T00:00:00Z') };
    chain[2] = { ...edited, hash: hashAuditEvent(edited.previousHash, edited) };
    expect(findChainBreak(GENESIS_HASH, chain)).toEqual({
      sequence: 14n,
      reason: 'previous_hash_mismatch',
    });
  });

  it('reports a removed event at the one after the gap, and a reordering where it starts', () => {
    const chain = storedChain();
    expect(findChainBreak(GENESIS_HASH, chain.toSpliced(1, 1))).toEqual({
      sequence: 13n,
      reason: 'previous_hash_mismatch',
    });
    const reordered = [chain[0]!, chain[2]!, chain[1]!, chain[3]!, chain[4]!];
    expect(findChainBreak(GENESIS_HASH, reordered)).toEqual({
      sequence: 13n,
      reason: 'previous_hash_mismatch',
    });
  });

  it('reports a chain that does not start where it should', () => {
    expect(findChainBreak('a'.repeat(64), storedChain())).toEqual({
      sequence: 11n,
      reason: 'previous_hash_mismatch',
    });
  });
});

describe('findPositionGap', () => {
  const positioned = (positions: (number | null)[]) =>
    positions.map((position, index) => ({
      sequence: BigInt(11 + index),
      chainPosition: position === null ? null : BigInt(position),
    }));

  it('accepts positions that count on from the first without a gap', () => {
    expect(findPositionGap(1n, positioned([1, 2, 3]))).toBeNull();
    expect(findPositionGap(4n, positioned([4, 5]))).toBeNull();
  });

  it('names the first event after a removed one, or before the start', () => {
    expect(findPositionGap(1n, positioned([1, 2, 4]))).toBe(13n);
    expect(findPositionGap(1n, positioned([-5, 1, 2]))).toBe(11n);
    expect(findPositionGap(1n, positioned([0, 1]))).toBe(11n);
    expect(findPositionGap(1n, positioned([1, null]))).toBe(12n);
  });
});
