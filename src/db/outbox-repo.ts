import type { Prisma } from './generated/client.js';
import type { Transaction } from './client.js';

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
  await tx.outboxMessage.createMany({
    data: messages.map((message) => ({ ...message, availableAt: now, createdAt: now })),
  });
}
