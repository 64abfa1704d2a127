import { randomUUID } from 'node:crypto';
import { Prisma } from '../../db/generated/client.js';
import type { Transaction } from '../../db/client.js';

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

/** Written in the caller's transaction, delivered after commit (STYLE rule 5). */
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
  const ids = messages.map(() => randomUUID());
  const topics = messages.map((message) => message.topic);
  const payloads = messages.map((message) => JSON.stringify(message.payload));
  return Prisma.sql`
    INSERT INTO outbox_messages (id, topic, payload, available_at, created_at)
    SELECT message.id, message.topic, message.payload, ${now}::timestamptz, ${now}::timestamptz
    FROM unnest(${ids}::uuid[], ${topics}::text[], ${payloads}::jsonb[]) AS message (id, topic, payload)
    WHERE ${when}`;
}
