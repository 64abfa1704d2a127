// The mail worker's side of the outbox: claiming messages, each under its own
// lease extended while it is sent, settling each, and the failed messages an
// admin may send again.

import type { Database, Transaction } from '../../db/client.js';
import type { OutboxMessage } from '../../db/generated/client.js';

/** A mail row a worker holds until `lockedUntil` (also the claim's token). */
export interface ClaimedMail {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
  lockedUntil: Date;
  /** Retried until then; null: the worker counts OUTBOX_RETRY_HOURS from `createdAt`. */
  retryUntil: Date | null;
  createdAt: Date;
}

/**
 * Claims up to `limit` of the oldest due rows whose topics match `topicPattern`
 * (mail, or another outbox worker's, e.g. the fulfilment worker's) until
 * `lockedUntil`, counting the attempt: FOR UPDATE SKIP LOCKED plus the lease
 * hold each row for one worker at a time, on any instance. Each row is its own
 * claim, settled on its own, so a claimer takes only as many as it starts on at
 * once, and a crash strands those for one lease.
 */
export async function claimDueOutboxRows(
  db: Database,
  {
    now,
    lockedUntil,
    limit,
    topicPattern,
  }: { now: Date; lockedUntil: Date; limit: number; topicPattern: string },
): Promise<ClaimedMail[]> {
  return db.$queryRaw<ClaimedMail[]>`
    UPDATE outbox_messages SET locked_until = ${lockedUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox_messages
      WHERE status = 'pending' AND topic LIKE ${topicPattern} AND available_at <= ${now}
        AND (locked_until IS NULL OR locked_until <= ${now})
      ORDER BY available_at, created_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, topic, payload, attempts, locked_until AS "lockedUntil", retry_until AS "retryUntil",
      created_at AS "createdAt"`;
}

/** Moves the claim's lease on to `lockedUntil`; false when the claim was lost meanwhile. */
export async function extendMailClaim(
  db: Database,
  claimed: Pick<ClaimedMail, 'id' | 'lockedUntil'>,
  lockedUntil: Date,
): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id: claimed.id, lockedUntil: claimed.lockedUntil, status: 'pending' },
    data: { lockedUntil },
  });
  return count === 1;
}

/**
 * The outcome of a claimed row, written only while the claim still holds (the
 * same lease), in the row itself: sent (or skipped, with why), failed for
 * good, or back to pending until `availableAt`.
 */
export async function settleClaimedMail(
  db: Database,
  claimed: Pick<ClaimedMail, 'id' | 'lockedUntil'>,
  outcome:
    | { status: 'sent'; sentAt: Date | null; note: string | null }
    | { status: 'pending' | 'failed'; reason: string; availableAt: Date },
): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { id: claimed.id, lockedUntil: claimed.lockedUntil, status: 'pending' },
    data:
      outcome.status === 'sent'
        ? { status: 'sent', sentAt: outcome.sentAt, lockedUntil: null, lastError: outcome.note }
        : {
            status: outcome.status,
            lockedUntil: null,
            lastError: outcome.reason,
            availableAt: outcome.availableAt,
          },
  });
}

/**
 * Marks a message that was sent, or is still trying, as failed for good with
 * `reason` (e.g. a bounce report naming it): an admin sees it among the failed
 * and may send it again. False for an unknown id.
 */
export async function markMailFailed(db: Database, { id, reason }: { id: string; reason: string }) {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, topic: { startsWith: 'mail.' } },
    data: { status: 'failed', lastError: reason.slice(0, 200), lockedUntil: null },
  });
  return count === 1;
}

export type FailedMail = Pick<OutboxMessage, 'id' | 'topic' | 'attempts' | 'lastError' | 'createdAt'>;

/** Failed mail, newest first: ids, topics and error codes, never an address. */
export async function listFailedMail(db: Database, limit: number): Promise<FailedMail[]> {
  return db.outboxMessage.findMany({
    where: { status: 'failed', topic: { startsWith: 'mail.' } },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, topic: true, attempts: true, lastError: true, createdAt: true },
  });
}

export async function countFailedMail(db: Database): Promise<number> {
  return db.outboxMessage.count({ where: { status: 'failed', topic: { startsWith: 'mail.' } } });
}

/**
 * Puts failed mail back in the queue, due now and retried until `retryUntil`:
 * the given ids, or every failed message; answers the ids put back.
 */
export async function requeueFailedMail(
  tx: Transaction,
  { ids, now, retryUntil }: { ids: readonly string[] | 'all'; now: Date; retryUntil: Date },
): Promise<string[]> {
  const rows = await tx.outboxMessage.findMany({
    where: {
      status: 'failed',
      topic: { startsWith: 'mail.' },
      ...(ids !== 'all' && { id: { in: [...ids] } }),
    },
    select: { id: true },
  });
  const requeued = rows.map((row) => row.id);
  await tx.outboxMessage.updateMany({
    where: { id: { in: requeued }, status: 'failed' },
    data: { status: 'pending', availableAt: now, retryUntil, lockedUntil: null, attempts: 0 },
  });
  return requeued;
}
