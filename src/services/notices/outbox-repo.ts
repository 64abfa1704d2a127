// Outbox rows: mail and letters written in the transaction of the change that
// obliges them, so nothing is sent for a change that rolled back; the mail
// worker sends after commit, staff post the letters.

import { randomUUID } from 'node:crypto';
import { Prisma, type OutboxMessage } from '../../db/generated/client.js';
import type { Database, Transaction } from '../../db/client.js';
import { LETTER_TOPIC_PREFIX } from './outbox-topics.js';

/**
 * The channel a trigger on outbox_messages notifies when mail rows are inserted
 * (migration 20261130090000_outbox_notify): every instance's mail worker
 * listens, so mail written anywhere, by any route or job, leaves at once.
 */
export const OUTBOX_NOTIFICATION_CHANNEL = 'outbox_messages';

export interface OutboxMessageInput {
  topic: string;
  /** Ids only: the worker loads what it needs after commit, so no personal data waits in the outbox. */
  payload: Prisma.InputJsonObject;
}

/** Written in the caller's transaction, delivered after commit. */
export async function enqueueOutboxMessages(
  tx: Transaction,
  messages: readonly OutboxMessageInput[],
  now: Date,
): Promise<void> {
  if (messages.length === 0) return;
  await tx.$executeRaw(insertOutboxMessagesSql(messages, now));
}

/**
 * The INSERT behind enqueueOutboxMessages, for a repository that writes the
 * messages in the same statement as the change that causes them (one round
 * trip instead of two on the intake path, bench/intake.ts). Never empty: it
 * inserts no row when `messages` is, nor when `when` (an SQL condition) is false.
 */
export function insertOutboxMessagesSql(
  messages: readonly OutboxMessageInput[],
  now: Date,
  when: Prisma.Sql = Prisma.sql`true`,
): Prisma.Sql {
  return insertKeyedOutboxMessagesSql(
    messages.map((message) => ({ key: '', message })),
    now,
    () => when,
  );
}

/**
 * Several changes' messages in one INSERT (a worker recording several tasks at
 * once): each is written only when `written` holds of its key, an SQL condition
 * on the text `key` it is given.
 */
export function insertKeyedOutboxMessagesSql(
  messages: readonly { key: string; message: OutboxMessageInput }[],
  now: Date,
  written: (key: Prisma.Sql) => Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO outbox_messages (id, topic, payload, available_at, created_at)
    SELECT message.id, message.topic, message.payload, ${now}::timestamptz, ${now}::timestamptz
    FROM unnest(${messages.map(() => randomUUID())}::uuid[], ${messages.map(({ message }) => message.topic)}::text[],
      ${messages.map(({ message }) => JSON.stringify(message.payload))}::jsonb[],
      ${messages.map(({ key }) => key)}::text[]) AS message (id, topic, payload, key)
    WHERE ${written(Prisma.sql`message.key`)}`;
}

/**
 * Marks a pending letter sent, claimed by its status: of two officers marking
 * the same letter, one gets it and the other null.
 */
export async function markLetterSentRow(
  tx: Transaction,
  { id, now }: { id: string; now: Date },
): Promise<{ requestId: string | null; topic: string } | null> {
  const [marked] = await tx.$queryRaw<{ requestId: string | null; topic: string }[]>`
    UPDATE outbox_messages SET status = 'sent', sent_at = ${now}, locked_until = NULL
    WHERE id = ${id}::uuid AND starts_with(topic, ${LETTER_TOPIC_PREFIX}) AND status = 'pending'
    RETURNING payload->>'requestId' AS "requestId", topic`;
  return marked ?? null;
}

/**
 * A page of pending letters, oldest first, after the letter `after` (keyset
 * paging on queue time and id: a letter marked sent meanwhile shifts nothing).
 */
export async function listPendingLetters(
  db: Database,
  { after, limit }: { after: string | undefined; limit: number },
): Promise<Pick<OutboxMessage, 'id' | 'topic' | 'createdAt' | 'payload'>[]> {
  const cursor =
    after === undefined
      ? null
      : await db.outboxMessage.findUnique({ where: { id: after }, select: { id: true, createdAt: true } });
  const afterCursor: Prisma.OutboxMessageWhereInput[] =
    cursor === null
      ? []
      : [
          {
            OR: [
              { createdAt: { gt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { gt: cursor.id } },
            ],
          },
        ];
  return db.outboxMessage.findMany({
    where: { topic: { startsWith: LETTER_TOPIC_PREFIX }, status: 'pending', AND: afterCursor },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit,
    select: { id: true, topic: true, createdAt: true, payload: true },
  });
}
