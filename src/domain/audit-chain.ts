// The audit log's hash chain: each event stores the hash of
// the one before it and its own hash over a canonical serialisation, so any
// change, removal or reordering of a stored event breaks the chain from there on.

import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** What the first event of the chain follows. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The fields an event's hash covers. The sequence number is left out: it is
 * assigned by the database on insert, and the chain itself fixes the order.
 */
export interface ChainedAuditEvent {
  id: string;
  requestId: string | null;
  actorType: string;
  actorId: string | null;
  action: string;
  payload: unknown;
  occurredAt: Date;
}

interface LinkedAuditEvent extends ChainedAuditEvent {
  previousHash: string;
  hash: string;
}

export interface StoredAuditEvent extends LinkedAuditEvent {
  sequence: bigint;
}

export type ChainBreakReason = 'position_gap' | 'previous_hash_mismatch' | 'hash_mismatch';

interface ChainBreak {
  sequence: bigint;
  reason: ChainBreakReason;
}

/** The RFC 8785 canonical JSON of the event: what is hashed after the previous hash. */
function canonicalAuditText(event: ChainedAuditEvent): string {
  const canonical = canonicalize({
    id: event.id,
    requestId: event.requestId,
    actorType: event.actorType,
    actorId: event.actorId,
    action: event.action,
    payload: event.payload,
    occurredAt: event.occurredAt.toISOString(),
  });
  if (canonical === undefined) throw new Error('An audit event has no JSON form');
  return canonical;
}

/** sha256(previous hash + RFC 8785 canonical JSON of the event), as lower-case hex. */
export function hashAuditEvent(previousHash: string, event: ChainedAuditEvent): string {
  return createHash('sha256')
    .update(previousHash + canonicalAuditText(event), 'utf8')
    .digest('hex');
}

/** Links new events, in order, after the event whose hash is `previousHash`. */
export function linkAuditEvents(
  previousHash: string,
  events: readonly ChainedAuditEvent[],
): LinkedAuditEvent[] {
  const linked: LinkedAuditEvent[] = [];
  let previous = previousHash;
  for (const event of events) {
    const hash = hashAuditEvent(previous, event);
    linked.push({ ...event, previousHash: previous, hash });
    previous = hash;
  }
  return linked;
}

/**
 * The first broken link among consecutive stored events, in chain order, the
 * first of which must follow `expectedPreviousHash`; null when all hold.
 */
export function findChainBreak(
  expectedPreviousHash: string,
  events: readonly StoredAuditEvent[],
): ChainBreak | null {
  let expected = expectedPreviousHash;
  for (const event of events) {
    if (event.previousHash !== expected) {
      return { sequence: event.sequence, reason: 'previous_hash_mismatch' };
    }
    if (hashAuditEvent(event.previousHash, event) !== event.hash) {
      return { sequence: event.sequence, reason: 'hash_mismatch' };
    }
    expected = event.hash;
  }
  return null;
}

/**
 * The first event, in chain order, not at the position that follows the one
 * before it (the first at `firstPosition`): a removed event leaves a gap, and
 * an event moved before the start or past another leaves one too.
 */
export function findPositionGap(
  firstPosition: bigint,
  events: readonly { sequence: bigint; chainPosition: bigint | null }[],
): bigint | null {
  let expected = firstPosition;
  for (const event of events) {
    if (event.chainPosition !== expected) return event.sequence;
    expected += 1n;
  }
  return null;
}
