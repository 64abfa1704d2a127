// Email challenges as rows (issue 4, part 2). Only hashes are stored; the
// secrets exist in plain text only in the email the mail worker sends.

import type { Transaction } from './client.js';
import type { ChallengePurpose } from './generated/client.js';
import { insertOutboxMessagesSql, type OutboxMessageInput } from './outbox-repo.js';

export interface NewEmailChallenge {
  id: string;
  requestId: string;
  purpose: ChallengePurpose;
  codeHash: string;
  linkTokenHash: string;
  expiresAt: Date;
  now: Date;
  /** The messages that send it. */
  outbox: readonly OutboxMessageInput[];
}

/**
 * Retires the open challenges of this purpose (an older one that locked stays
 * locked), creates the new one and queues its email, in ONE statement: every
 * consumer submission does this (bench/intake.ts). The sub-statements share one
 * snapshot, so the retiring UPDATE cannot see the row it is inserted beside.
 */
export async function replaceOpenChallenge(tx: Transaction, challenge: NewEmailChallenge): Promise<void> {
  const { id, requestId, purpose, now } = challenge;
  await tx.$executeRaw`
    WITH retired AS (
      UPDATE email_challenges SET consumed_at = ${now}::timestamptz
      WHERE request_id = ${requestId}::uuid AND purpose = ${purpose}::"ChallengePurpose"
        AND consumed_at IS NULL AND locked_at IS NULL
    ), created AS (
      INSERT INTO email_challenges (id, request_id, purpose, code_hash, link_token_hash, expires_at,
        last_sent_at, created_at)
      VALUES (${id}::uuid, ${requestId}::uuid, ${purpose}::"ChallengePurpose", ${challenge.codeHash},
        ${challenge.linkTokenHash}, ${challenge.expiresAt}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
    )
    ${insertOutboxMessagesSql(challenge.outbox, now)}`;
}
