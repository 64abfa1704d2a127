// Every SQL statement of the conversation on a request: the messages its
// requester and its officers wrote, and the mail the outbox holds about it.

import type { Database, Transaction } from '../../db/client.js';
import type { OutboxMessage, Prisma, RequestMessage } from '../../db/generated/client.js';

export async function insertRequestMessage(
  tx: Transaction,
  message: Prisma.RequestMessageUncheckedCreateInput,
): Promise<string> {
  const { id } = await tx.requestMessage.create({ data: message, select: { id: true } });
  return id;
}

/** Ties an officer's message to the outbox row that carries it (its payload names the message). */
export async function linkRequestMessageToOutbox(tx: Transaction, requestMessageId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE request_messages SET outbox_message_id = (
      SELECT id FROM outbox_messages WHERE payload->>'requestMessageId' = ${requestMessageId} LIMIT 1)
    WHERE id = ${requestMessageId}::uuid`;
}

export async function listRequestMessageRows(
  db: Database | Transaction,
  requestId: string,
): Promise<RequestMessage[]> {
  return db.requestMessage.findMany({ where: { requestId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
}

/** The mail and letters about a request, oldest first. */
export async function listOutboxRowsOfRequest(
  db: Database | Transaction,
  requestId: string,
  challengeIds: readonly string[],
): Promise<
  Pick<OutboxMessage, 'id' | 'topic' | 'payload' | 'status' | 'createdAt' | 'sentAt' | 'bouncedAt'>[]
> {
  return db.outboxMessage.findMany({
    where: {
      OR: [
        { payload: { path: ['requestId'], equals: requestId } },
        ...challengeIds.map((challengeId) => ({ payload: { path: ['challengeId'], equals: challengeId } })),
      ],
    },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      topic: true,
      payload: true,
      status: true,
      createdAt: true,
      sentAt: true,
      bouncedAt: true,
    },
  });
}

export async function listChallengeIdsOfRequest(
  db: Database | Transaction,
  requestId: string,
): Promise<string[]> {
  const rows = await db.emailChallenge.findMany({ where: { requestId }, select: { id: true } });
  return rows.map((row) => row.id);
}

/** The officer has seen the requester's replies: they no longer wait in front of them. */
export async function markRepliesRead(
  tx: Transaction | Database,
  { requestId, now }: { requestId: string; now: Date },
) {
  await tx.requestMessage.updateMany({
    where: { requestId, direction: 'in', readAt: null },
    data: { readAt: now },
  });
}

/** Open requests with replies nobody has read, oldest reply first, for the officer's queue. */
export async function listRequestsWithUnreadReplies(
  db: Database,
  { assigneeId, limit }: { assigneeId: string | null; limit: number },
): Promise<{ requestId: string; reference: string; firstUnreadAt: Date; unread: number }[]> {
  return db.$queryRaw`
    SELECT r.id AS "requestId", r.reference, min(m.at) AS "firstUnreadAt", count(*)::int AS unread
    FROM request_messages m JOIN privacy_requests r ON r.id = m.request_id
    WHERE m.direction = 'in' AND m.read_at IS NULL
      AND (${assigneeId}::uuid IS NULL OR r.assignee_id = ${assigneeId}::uuid OR r.assignee_id IS NULL)
    GROUP BY r.id, r.reference
    ORDER BY min(m.at)
    LIMIT ${limit}`;
}
