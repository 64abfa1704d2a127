// The audit log's only writer and its readers (issue 3, part 5; STYLE rule 6).

import { randomUUID } from 'node:crypto';
import {
  findChainBreak,
  canonicalAuditText,
  GENESIS_HASH,
  linkAuditEvents,
  type ChainBreakReason,
  type ChainedAuditEvent,
  type StoredAuditEvent,
} from '../domain/audit-chain.js';
import { ActorSchema, parseAuditEntry, type Actor, type AuditEntry } from '../domain/audit-events.js';
import type { Database, Transaction } from './client.js';

/**
 * One global chain means one writer at a time: appends queue on a
 * transaction-scoped advisory lock ("RDAUDIT!", 0x5244415544495421) and release it at commit, so
 * the next writer reads the hash this one wrote. Callers append last in their
 * transaction, after their row writes, to hold the lock briefly and never
 * wait for a row lock while holding it. Needs READ COMMITTED (PostgreSQL's
 * default), where each statement sees what committed before it began.
 *
 * The lock is held from its statement to COMMIT, and every round trip in
 * between waits for this process's event loop, so under load it is what
 * bounds throughput (bench/intake.ts). Hence everything that needs the lock
 * is one call of the append_audit_events function (migration
 * 20261129083000_audit_append_function): it takes the lock, reads the last
 * hash, and links and inserts the events; only COMMIT follows. Everything
 * else (validation, canonical texts) is done before, without the lock.
 */
const VERIFY_BATCH_SIZE = 500;

export interface AuditAppend {
  actor: Actor;
  requestId: string | null;
  events: readonly AuditEntry[];
}

/** Stamps actor and time, validates each payload, and links the events into the chain. */
export async function appendAuditEvents(tx: Transaction, append: AuditAppend, now: Date): Promise<void> {
  if (append.events.length === 0) return;
  const actor = ActorSchema.parse(append.actor);
  const entries = append.events.map((event) => {
    const entry = parseAuditEntry(event.action, event.payload);
    if (entry === null) throw new Error(`Audit event "${event.action}" does not match its schema`);
    return entry;
  });
  const events: ChainedAuditEvent[] = entries.map((entry) => ({
    id: randomUUID(),
    requestId: append.requestId,
    actorType: actor.type,
    actorId: actor.id,
    action: entry.action,
    payload: entry.payload,
    occurredAt: now,
  }));
  const stored = await tx.$queryRaw<{ id: string; previousHash: string; hash: string }[]>`
    SELECT stored_id AS id, stored_previous_hash AS "previousHash", stored_hash AS hash
    FROM append_audit_events(
      ${events.map((event) => event.id)}::uuid[], ${events.map((event) => event.action)}::text[],
      ${events.map((event) => JSON.stringify(event.payload))}::jsonb[], ${events.map(canonicalAuditText)}::text[],
      ${append.requestId}::uuid, ${actor.type}::"ActorType", ${actor.id}::text, ${now}::timestamptz,
      ${GENESIS_HASH}::text)`;
  checkLinkedAsTheDomainLinks(events, stored);
}

/**
 * PostgreSQL linked the events (above); the domain is the definition. The links
 * it stored are recomputed here, before commit, so a difference in hashing can
 * never reach the chain: the transaction fails instead.
 */
function checkLinkedAsTheDomainLinks(
  events: readonly ChainedAuditEvent[],
  stored: readonly { id: string; previousHash: string; hash: string }[],
): void {
  const byId = new Map(stored.map((row) => [row.id, row]));
  const first = byId.get(events[0]?.id ?? '');
  const expected = first === undefined ? [] : linkAuditEvents(first.previousHash, events);
  const agrees =
    expected.length === events.length &&
    stored.length === events.length &&
    expected.every((event) => {
      const row = byId.get(event.id);
      return row !== undefined && row.previousHash === event.previousHash && row.hash === event.hash;
    });
  if (!agrees) throw new Error('The audit events were not linked as src/domain/audit-chain.ts links them');
}

export interface AuditRecord {
  /** A string: sequences are 64-bit and JSON numbers are not. */
  sequence: string;
  id: string;
  actor: Actor;
  occurredAt: Date;
  entry: AuditEntry;
}

/** A request's audit history, oldest first, each payload validated again (STYLE rule 6). */
export async function readAuditHistory(tx: Transaction, requestId: string): Promise<AuditRecord[]> {
  const rows = await tx.auditEvent.findMany({ where: { requestId }, orderBy: { sequence: 'asc' } });
  return rows.map((row) => {
    const entry = parseAuditEntry(row.action, row.payload);
    const actor = ActorSchema.safeParse({ type: row.actorType, id: row.actorId });
    if (entry === null || !actor.success) {
      throw new Error(`Audit event ${row.sequence} does not match its schema`);
    }
    return {
      sequence: row.sequence.toString(),
      id: row.id,
      actor: actor.data,
      occurredAt: row.occurredAt,
      entry,
    };
  });
}

export type AuditChainVerification =
  | { ok: true; checked: number }
  | {
      ok: false;
      /** Events found intact before the first broken one. */
      checked: number;
      firstBrokenSequence: bigint;
      reason: ChainBreakReason | 'invalid_payload';
    };

/** Walks the whole chain in sequence order, a batch at a time, and reports the first broken link. */
export async function verifyAuditChain(
  db: Database | Transaction,
  batchSize = VERIFY_BATCH_SIZE,
): Promise<AuditChainVerification> {
  let expectedPreviousHash = GENESIS_HASH;
  let after: bigint | null = null;
  let checked = 0;
  for (;;) {
    const batch: StoredAuditEvent[] = await db.auditEvent.findMany({
      where: after === null ? {} : { sequence: { gt: after } },
      orderBy: { sequence: 'asc' },
      take: batchSize,
    });
    const last = batch.at(-1);
    if (last === undefined) return { ok: true, checked };
    const chainBreak = findChainBreak(expectedPreviousHash, batch);
    const invalid = batch.find((event) => parseAuditEntry(event.action, event.payload) === null);
    const broken =
      invalid !== undefined && (chainBreak === null || invalid.sequence < chainBreak.sequence)
        ? { sequence: invalid.sequence, reason: 'invalid_payload' as const }
        : chainBreak;
    if (broken !== null) {
      const intact = batch.findIndex((event) => event.sequence === broken.sequence);
      return {
        ok: false,
        checked: checked + intact,
        firstBrokenSequence: broken.sequence,
        reason: broken.reason,
      };
    }
    checked += batch.length;
    expectedPreviousHash = last.hash;
    after = last.sequence;
  }
}
