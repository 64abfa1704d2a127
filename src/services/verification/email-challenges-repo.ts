// Email challenges as rows (issue 4, part 2). Only hashes are stored; the
// secrets exist in plain text only in the email the mail worker sends.

import type { Transaction } from '../../db/client.js';
import { Prisma, type ChallengePurpose } from '../../db/generated/client.js';
import { insertOutboxMessagesSql, type OutboxMessageInput } from '../notices/outbox-repo.js';

export interface NewEmailChallenge {
  id: string;
  requestId: string;
  purpose: ChallengePurpose;
  codeHash: string;
  linkTokenHash: string;
  expiresAt: Date;
}

/** The challenge's INSERT, for a statement that writes it beside other rows; `when` can make it insert none. */
export function insertEmailChallengeSql(
  challenge: NewEmailChallenge,
  now: Date,
  when: Prisma.Sql = Prisma.sql`true`,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO email_challenges (id, request_id, purpose, code_hash, link_token_hash, expires_at,
      last_sent_at, created_at)
    SELECT ${challenge.id}::uuid, ${challenge.requestId}::uuid, ${challenge.purpose}::"ChallengePurpose",
      ${challenge.codeHash}, ${challenge.linkTokenHash}, ${challenge.expiresAt}::timestamptz,
      ${now}::timestamptz, ${now}::timestamptz
    WHERE ${when}`;
}

/**
 * Retires the open challenges of this purpose (an older one that locked stays
 * locked), creates the new one and queues its email, in ONE statement (a new
 * code for an existing request: an agent's consumer, a status lookup). The
 * sub-statements share one snapshot, so the retiring UPDATE cannot see the row
 * it is inserted beside.
 */
export async function replaceOpenChallenge(
  tx: Transaction,
  challenge: NewEmailChallenge & { now: Date; outbox: readonly OutboxMessageInput[] },
): Promise<void> {
  const { requestId, purpose, now } = challenge;
  await tx.$executeRaw`
    WITH retired AS (
      UPDATE email_challenges SET consumed_at = ${now}::timestamptz
      WHERE request_id = ${requestId}::uuid AND purpose = ${purpose}::"ChallengePurpose"
        AND consumed_at IS NULL AND locked_at IS NULL
    ), created AS (${insertEmailChallengeSql(challenge, now)})
    ${insertOutboxMessagesSql(challenge.outbox, now)}`;
}
