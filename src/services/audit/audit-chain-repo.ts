// The audit log's hash chain in the database: sealing committed events into it,
// walking it to verify, and reading its head for checkpoints
// (docs/legal-rules.md#audit-trail).

import {
  findChainBreak,
  findPositionGap,
  GENESIS_HASH,
  linkAuditEvents,
  type ChainBreakReason,
  type ChainedAuditEvent,
  type StoredAuditEvent,
} from '../../domain/audit-chain.js';
import { parseAuditEntry } from '../../domain/audit-events.js';
import type { Database, Transaction } from '../../db/client.js';
import type { AuditEvent } from '../../db/generated/client.js';

/**
 * The audit linker (src/jobs/audit-linker.ts) links every committed event,
 * oldest first, under one advisory lock ("RDAUDIT!", 0x5244415544495421),
 * through seal_audit_events: the server's role may not update the log, and that
 * owner's function seals only at the chain's head, at the next position, after
 * the head's hash (migration 202612014000_audit_runtime_role).
 */
const CHAIN_LOCK_KEY = 5927934844000097313n;
const LINK_BATCH_SIZE = 500;
const VERIFY_BATCH_SIZE = 500;

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
      const head = await readChainHead(tx);
      const links = linkAuditEvents(head?.hash ?? GENESIS_HASH, pending);
      await tx.$queryRaw`
        SELECT seal_audit_events(${links.map((link) => link.id)}::uuid[],
          ${links.map((link) => link.previousHash)}::text[], ${links.map((link) => link.hash)}::text[])`;
      return pending.length;
    });
    linked += count;
    if (count < batchSize) return linked;
  }
}

/** The last sealed event: its chain position and hash; null while the chain is empty. */
export interface ChainHead {
  position: bigint;
  hash: string;
}

export async function readChainHead(db: Database | Transaction): Promise<ChainHead | null> {
  const last = await db.auditEvent.findFirst({
    where: { chainPosition: { not: null } },
    orderBy: { chainPosition: 'desc' },
    select: { chainPosition: true, hash: true },
  });
  return last === null || last.chainPosition === null || last.hash === null
    ? null
    : { position: last.chainPosition, hash: last.hash };
}

/** The hash sealed at each of `positions` that holds an event. */
export async function readHashesAtPositions(
  db: Database,
  positions: readonly bigint[],
): Promise<Map<bigint, string>> {
  const rows = await db.auditEvent.findMany({
    where: { chainPosition: { in: [...positions] } },
    select: { chainPosition: true, hash: true },
  });
  return new Map(rows.map((row) => [row.chainPosition ?? 0n, row.hash ?? '']));
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

/**
 * Walks the whole chain in chain order, a batch at a time, and reports the
 * first broken link: positions must count 1, 2, 3, … without a gap, each event
 * must follow the one before it and hash to what it stores, and its payload
 * must match its schema.
 */
export async function verifyAuditChain(
  db: Database | Transaction,
  batchSize = VERIFY_BATCH_SIZE,
): Promise<AuditChainVerification> {
  let expectedPreviousHash = GENESIS_HASH;
  let nextPosition = 1n;
  let checked = 0;
  for (;;) {
    // From the lowest position of all, so an event moved below 1 is seen too.
    const rows = await db.auditEvent.findMany({
      where: { chainPosition: checked === 0 ? { not: null } : { gte: nextPosition } },
      orderBy: { chainPosition: 'asc' },
      take: batchSize,
    });
    const last = rows.at(-1);
    if (last === undefined) return { ok: true, checked, ...(await countUnsealed(db)) };
    const batch = rows.map(linkedEventOf);
    const broken = firstBrokenEvent(nextPosition, expectedPreviousHash, batch);
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
    nextPosition += BigInt(batch.length);
  }
}

function firstBrokenEvent(
  firstPosition: bigint,
  expectedPreviousHash: string,
  batch: readonly PositionedEvent[],
): { index: number; reason: ChainBreakReason | 'invalid_payload' } | null {
  const indexOf = (sequence: bigint | undefined) => batch.findIndex((event) => event.sequence === sequence);
  const gapIndex = indexOf(findPositionGap(firstPosition, batch) ?? undefined);
  const chainBreak = findChainBreak(expectedPreviousHash, batch);
  const found = [
    { index: gapIndex, reason: 'position_gap' as const },
    { index: indexOf(chainBreak?.sequence), reason: chainBreak?.reason ?? 'hash_mismatch' },
    {
      index: batch.findIndex((event) => parseAuditEntry(event.action, event.payload) === null),
      reason: 'invalid_payload' as const,
    },
  ].filter((candidate) => candidate.index !== -1);
  // The earliest wins; at the same event, in the order listed.
  return found.reduce<(typeof found)[number] | null>(
    (first, candidate) => (first === null || candidate.index < first.index ? candidate : first),
    null,
  );
}

async function countUnsealed(db: Database | Transaction) {
  const unsealed = { chainPosition: null };
  const [pending, oldest] = await Promise.all([
    db.auditEvent.count({ where: unsealed }),
    db.auditEvent.findFirst({
      where: unsealed,
      orderBy: { occurredAt: 'asc' },
      select: { occurredAt: true },
    }),
  ]);
  return { pending, oldestPendingAt: oldest?.occurredAt ?? null };
}

type PositionedEvent = StoredAuditEvent & { chainPosition: bigint | null };

/** A sealed event as the chain sees it (the query asked for sealed events only). */
function linkedEventOf(row: AuditEvent): PositionedEvent {
  return { ...row, previousHash: row.previousHash ?? '', hash: row.hash ?? '' };
}
