// The audit log's only writer and its readers (docs/legal-rules.md#audit-trail).

import { randomUUID } from 'node:crypto';
import {
  findChainBreak,
  GENESIS_HASH,
  linkAuditEvents,
  type ChainBreakReason,
  type ChainedAuditEvent,
  type StoredAuditEvent,
} from '../../domain/audit-chain.js';
import { ActorSchema, parseAuditEntry, type Actor, type AuditEntry } from '../../domain/audit-events.js';
import type { Database, Transaction } from '../../db/client.js';
import { Prisma, type AuditEvent } from '../../db/generated/client.js';

/**
 * One global chain, sealed after commit. A change's transaction only inserts its
 * events, unlinked (no lock: intake does not queue, bench/intake.ts); the audit
 * linker (src/jobs/audit-linker.ts) then links every committed event, oldest
 * first, under one advisory lock ("RDAUDIT!", 0x5244415544495421), giving each
 * its chain position, the hash of the event before it and its own. Until then
 * the database still refuses any change to the event but that sealing
 * (migration 20261129090019_audit_linker).
 */
const CHAIN_LOCK_KEY = 5927934844000097313n;
const LINK_BATCH_SIZE = 500;
const VERIFY_BATCH_SIZE = 500;

export interface AuditAppend {
  actor: Actor;
  requestId: string | null;
  events: readonly AuditEntry[];
}

/** Stamps actor and time, validates each payload, and writes the events for the linker to seal. */
export async function appendAuditEvents(tx: Transaction, append: AuditAppend, now: Date): Promise<void> {
  if (append.events.length === 0) return;
  await tx.$executeRaw(insertAuditEventsSql(append, now));
}

/**
 * The INSERT behind appendAuditEvents, for a repository that writes the events
 * in the same statement as the change they record (bench/intake.ts); `when`
 * (an SQL condition) can make it insert nothing.
 */
export function insertAuditEventsSql(append: AuditAppend, now: Date, when: Prisma.Sql = Prisma.sql`true`) {
  const actor = ActorSchema.parse(append.actor);
  const entries = append.events.map((event) => {
    const entry = parseAuditEntry(event.action, event.payload);
    if (entry === null) throw new Error(`Audit event "${event.action}" does not match its schema`);
    return entry;
  });
  // WITH ORDINALITY keeps the events' order in their sequence numbers.
  return Prisma.sql`
    INSERT INTO audit_events (id, request_id, actor_type, actor_id, action, payload, occurred_at)
    SELECT event.id, ${append.requestId}::uuid, ${actor.type}::"ActorType", ${actor.id}::text, event.action,
      event.payload, ${now}::timestamptz
    FROM unnest(${entries.map(() => randomUUID())}::uuid[], ${entries.map((entry) => entry.action)}::text[],
      ${entries.map((entry) => JSON.stringify(entry.payload))}::jsonb[])
      WITH ORDINALITY AS event (id, action, payload, position)
    WHERE ${when}
    ORDER BY event.position`;
}

/**
 * Seals every committed unlinked event into the chain, oldest first, a batch
 * per transaction; answers how many it linked. Instances take turns on the
 * chain's lock, so each batch continues from the last link committed: under
 * READ COMMITTED (PostgreSQL's default, which this relies on) each statement
 * after the lock sees what the previous holder committed.
 */
export async function linkPendingAuditEvents(db: Database, batchSize = LINK_BATCH_SIZE): Promise<number> {
  let linked = 0;
  for (;;) {
    const count = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`;
      const pending: ChainedAuditEvent[] = await tx.auditEvent.findMany({
        where: { chainPosition: null },
        orderBy: { sequence: 'asc' },
        take: batchSize,
      });
      if (pending.length === 0) return 0;
      const last = await tx.auditEvent.findFirst({
        where: { chainPosition: { not: null } },
        orderBy: { chainPosition: 'desc' },
        select: { chainPosition: true, hash: true },
      });
      const firstPosition = (last?.chainPosition ?? 0n) + 1n;
      const links = linkAuditEvents(last?.hash ?? GENESIS_HASH, pending);
      await tx.$executeRaw`
        UPDATE audit_events SET previous_hash = link.previous_hash, hash = link.hash,
          chain_position = ${firstPosition}::bigint + link.position - 1
        FROM unnest(${links.map((link) => link.id)}::uuid[], ${links.map((link) => link.previousHash)}::text[],
          ${links.map((link) => link.hash)}::text[]) WITH ORDINALITY AS link (id, previous_hash, hash, position)
        WHERE audit_events.id = link.id`;
      return pending.length;
    });
    linked += count;
    if (count < batchSize) return linked;
  }
}

export interface AuditRecord {
  /** A string: sequences are 64-bit and JSON numbers are not. */
  sequence: string;
  id: string;
  actor: Actor;
  occurredAt: Date;
  entry: AuditEntry;
}

/**
 * A request's audit history in the order the hash chain seals (events not sealed yet
 * last, as inserted), each payload validated again: a row that no longer matches its
 * schema fails loudly instead of being shown. The insertion sequence is not hashed,
 * so it could be changed without `audit:verify` noticing; the chain position cannot.
 */
export async function readAuditHistory(tx: Transaction, requestId: string): Promise<AuditRecord[]> {
  const rows = await tx.auditEvent.findMany({
    where: { requestId },
    orderBy: [{ chainPosition: { sort: 'asc', nulls: 'last' } }, { sequence: 'asc' }],
  });
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

/** The requests a staff user logged, newest first: their `request_submitted` events name them. */
export async function listRequestIdsSubmittedBy(
  db: Database,
  { staffId, limit }: { staffId: string; limit: number },
): Promise<string[]> {
  const events = await db.auditEvent.findMany({
    where: { actorType: 'staff', actorId: staffId, action: 'request_submitted' },
    orderBy: { sequence: 'desc' },
    take: limit,
    select: { requestId: true },
  });
  return events.map((event) => event.requestId).filter((id): id is string => id !== null);
}

export type AuditChainVerification =
  | {
      ok: true;
      checked: number;
      /** Committed events the linker has not sealed yet (it runs every moment). */
      pending: number;
      /** When the oldest of them happened: long ago means no linker is running. */
      oldestPendingAt: Date | null;
    }
  | {
      ok: false;
      /** Events found intact before the first broken one. */
      checked: number;
      firstBrokenSequence: bigint;
      reason: ChainBreakReason | 'invalid_payload';
    };

/** Walks the whole chain in chain order, a batch at a time, and reports the first broken link. */
export async function verifyAuditChain(
  db: Database | Transaction,
  batchSize = VERIFY_BATCH_SIZE,
): Promise<AuditChainVerification> {
  let expectedPreviousHash = GENESIS_HASH;
  let after = 0n;
  let checked = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { chainPosition: { gt: after } },
      orderBy: { chainPosition: 'asc' },
      take: batchSize,
    });
    const batch = rows.map(linkedEventOf);
    const last = rows.at(-1);
    if (last === undefined) {
      const unsealed = { chainPosition: null };
      const [pending, oldest] = await Promise.all([
        db.auditEvent.count({ where: unsealed }),
        db.auditEvent.findFirst({
          where: unsealed,
          orderBy: { occurredAt: 'asc' },
          select: { occurredAt: true },
        }),
      ]);
      return { ok: true, checked, pending, oldestPendingAt: oldest?.occurredAt ?? null };
    }
    const chainBreak = findChainBreak(expectedPreviousHash, batch);
    const breakIndex = batch.findIndex((event) => event.sequence === chainBreak?.sequence);
    const invalidIndex = batch.findIndex((event) => parseAuditEntry(event.action, event.payload) === null);
    const broken =
      invalidIndex !== -1 && (breakIndex === -1 || invalidIndex < breakIndex)
        ? { index: invalidIndex, reason: 'invalid_payload' as const }
        : chainBreak === null
          ? null
          : { index: breakIndex, reason: chainBreak.reason };
    if (broken !== null) {
      return {
        ok: false,
        checked: checked + broken.index,
        firstBrokenSequence: rows[broken.index]?.sequence ?? 0n,
        reason: broken.reason,
      };
    }
    checked += batch.length;
    expectedPreviousHash = last.hash ?? '';
    after = last.chainPosition ?? after;
  }
}

/** A sealed event as the chain sees it (the query asked for sealed events only). */
function linkedEventOf(row: AuditEvent): StoredAuditEvent {
  return { ...row, previousHash: row.previousHash ?? '', hash: row.hash ?? '' };
}
