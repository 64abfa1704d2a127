// Every SQL statement of the email channel: received messages, their claims
// by the processor, IMAP positions, bounces, and the conversation on requests.

import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from '../../db/client.js';
import type { InboundMessage, Prisma } from '../../db/generated/client.js';

/**
 * The processors on every instance LISTEN here; a trigger notifies at the
 * commit of every stored message (migration 202612012000_email_channel).
 */
export const INBOUND_NOTIFICATION_CHANNEL = 'inbound_messages';

export type NewInboundMessage = Omit<
  Prisma.InboundMessageUncheckedCreateInput,
  'id' | 'status' | 'attempts' | 'lockedUntil' | 'createdAt' | 'raw'
> & { raw: Uint8Array<ArrayBuffer> };

/**
 * Stores a message, raw and parsed, in one statement. An IMAP message already
 * stored (same mailbox, UIDVALIDITY and UID) is not stored again: null.
 */
export async function insertInboundMessage(db: Database, message: NewInboundMessage): Promise<string | null> {
  const id = randomUUID();
  const { count } = await db.inboundMessage.createMany({ data: [{ ...message, id }], skipDuplicates: true });
  return count === 1 ? id : null;
}

/** Pending messages held by one processor until `lockedUntil`, oldest first (FOR UPDATE SKIP LOCKED). */
export async function claimPendingInboundMessages(
  db: Database,
  { now, lockedUntil, limit }: { now: Date; lockedUntil: Date; limit: number },
): Promise<{ id: string; lockedUntil: Date; attempts: number }[]> {
  return db.$queryRaw`
    UPDATE inbound_messages SET locked_until = ${lockedUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM inbound_messages
      WHERE status = 'pending' AND (locked_until IS NULL OR locked_until <= ${now})
      ORDER BY created_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, locked_until AS "lockedUntil", attempts`;
}

export async function findInboundMessage(
  db: Database | Transaction,
  id: string,
): Promise<InboundMessage | null> {
  return db.inboundMessage.findUnique({ where: { id } });
}

/**
 * Marks a claimed message processed with what it turned out to be, while the
 * claim still holds; false when it no longer does (the caller rolls back).
 */
export async function settleInboundMessage(
  tx: Transaction,
  claim: { id: string; lockedUntil: Date },
  outcome: {
    classification: Prisma.InboundMessageUpdateInput['classification'];
    reason: string;
    requestId: string | null;
    authentication: Prisma.InputJsonObject;
    autoAnswered: boolean;
    now: Date;
  },
): Promise<boolean> {
  const { count } = await tx.inboundMessage.updateMany({
    where: { id: claim.id, status: 'pending', lockedUntil: claim.lockedUntil },
    data: {
      status: 'processed',
      processedAt: outcome.now,
      lockedUntil: null,
      classification: outcome.classification,
      classificationReason: outcome.reason,
      requestId: outcome.requestId,
      authentication: outcome.authentication,
      autoAnswered: outcome.autoAnswered,
    },
  });
  return count === 1;
}

/** A failed processing round: tried again after `availableAt` (the claim's end), with why. */
export async function postponeInboundMessage(
  db: Database,
  claim: { id: string; lockedUntil: Date },
  { reason, availableAt }: { reason: string; availableAt: Date },
): Promise<void> {
  await db.inboundMessage.updateMany({
    where: { id: claim.id, status: 'pending', lockedUntil: claim.lockedUntil },
    data: { lockedUntil: availableAt, lastError: reason },
  });
}

/** The requests of the outbox rows named, for replies that cite RightsDesk's Message-IDs. */
export async function findRequestIdsOfOutboxRows(
  db: Database | Transaction,
  outboxIds: readonly string[],
): Promise<string[]> {
  if (outboxIds.length === 0) return [];
  const rows = await db.$queryRaw<{ requestId: string }[]>`
    SELECT DISTINCT payload->>'requestId' AS "requestId" FROM outbox_messages
    WHERE id = ANY(${outboxIds}::uuid[]) AND payload ? 'requestId'`;
  return rows.map((row) => row.requestId);
}

/** Marks the outbound messages a delivery report names as bounced; answers how many. */
export async function markOutboxRowsBounced(
  tx: Transaction,
  { outboxIds, now }: { outboxIds: readonly string[]; now: Date },
): Promise<number> {
  if (outboxIds.length === 0) return 0;
  return tx.outboxMessage
    .updateMany({
      where: { id: { in: [...outboxIds] }, bouncedAt: null },
      data: { bouncedAt: now },
    })
    .then((result) => result.count);
}

/** Messages accepted from the envelope sender `sender` since `since`, for the per-sender limit. */
export async function countInboundMessagesFrom(
  db: Database,
  { sender, since }: { sender: string; since: Date },
): Promise<number> {
  return db.inboundMessage.count({ where: { envelopeFrom: sender, receivedAt: { gte: since } } });
}

/** Automatic answers `sender` was given since `since`. */
export async function countAutoAnswersTo(
  db: Database | Transaction,
  { sender, since }: { sender: string; since: Date },
): Promise<number> {
  return db.inboundMessage.count({
    where: { fromAddress: sender, autoAnswered: true, processedAt: { gte: since } },
  });
}

/**
 * Threads a request's receipt confirmation under the message that asked for it
 * (RFC 5322 §3.6.4): the fields join the outbox row's payload, which the mail
 * worker turns into In-Reply-To and References.
 */
export async function threadReceiptUnder(
  tx: Transaction,
  {
    requestId,
    topic,
    inReplyTo,
    references,
  }: { requestId: string; topic: string; inReplyTo: string; references: string[] },
): Promise<void> {
  const threading = JSON.stringify({ inReplyTo, references });
  await tx.$executeRaw`
    UPDATE outbox_messages SET payload = payload || ${threading}::jsonb
    WHERE payload->>'requestId' = ${requestId} AND topic = ${topic} AND status = 'pending'`;
}

/** The latest message a requester sent about a request, to thread what RightsDesk writes next under it. */
export async function findLatestInboundOfRequest(
  db: Database | Transaction,
  requestId: string,
): Promise<Pick<InboundMessage, 'messageId' | 'references'> | null> {
  return db.inboundMessage.findFirst({
    where: { requestId, messageId: { not: null }, classification: { in: ['new_request', 'reply'] } },
    orderBy: { receivedAt: 'desc' },
    select: { messageId: true, references: true },
  });
}

/** The triage inbox: messages nobody has resolved, oldest (closest to its deadline) first, after `after`. */
export async function listTriageMessages(
  db: Database,
  { after, limit }: { after: { receivedAt: Date; id: string } | undefined; limit: number },
): Promise<InboundMessage[]> {
  return db.inboundMessage.findMany({
    where: {
      classification: 'triage',
      triageResolution: null,
      ...(after && {
        OR: [
          { receivedAt: { gt: after.receivedAt } },
          { receivedAt: after.receivedAt, id: { gt: after.id } },
        ],
      }),
    },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    take: limit,
  });
}

export async function countTriageMessages(db: Database): Promise<number> {
  return db.inboundMessage.count({ where: { classification: 'triage', triageResolution: null } });
}

/**
 * Resolves a message of the triage inbox, claimed by its state: of two officers
 * resolving the same message, one does and the other gets false.
 */
export async function resolveTriageMessage(
  tx: Transaction,
  {
    id,
    resolution,
    requestId,
    staffId,
    now,
  }: {
    id: string;
    resolution: 'request_created' | 'attached' | 'not_a_request';
    requestId: string | null;
    staffId: string;
    now: Date;
  },
): Promise<boolean> {
  const { count } = await tx.inboundMessage.updateMany({
    where: { id, classification: 'triage', triageResolution: null },
    data: { triageResolution: resolution, requestId, triageResolvedAt: now, triageResolvedBy: staffId },
  });
  return count === 1;
}

/** How far a mailbox was read, under its UIDVALIDITY; null before the first message. */
export async function findImapPosition(
  db: Database,
  mailbox: string,
): Promise<{ uidValidity: bigint; lastUid: bigint } | null> {
  return db.imapMailboxPosition.findUnique({
    where: { mailbox },
    select: { uidValidity: true, lastUid: true },
  });
}

/** Moves the position forward only (another instance may have read further meanwhile), or resets it for a new UIDVALIDITY. */
export async function saveImapPosition(
  db: Database,
  {
    mailbox,
    uidValidity,
    lastUid,
    now,
  }: { mailbox: string; uidValidity: bigint; lastUid: bigint; now: Date },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO imap_mailbox_positions (mailbox, uid_validity, last_uid, updated_at)
    VALUES (${mailbox}, ${uidValidity}, ${lastUid}, ${now})
    ON CONFLICT (mailbox) DO UPDATE SET
      last_uid = CASE WHEN imap_mailbox_positions.uid_validity = EXCLUDED.uid_validity
                      THEN greatest(imap_mailbox_positions.last_uid, EXCLUDED.last_uid) ELSE EXCLUDED.last_uid END,
      uid_validity = EXCLUDED.uid_validity,
      updated_at = EXCLUDED.updated_at`;
}
