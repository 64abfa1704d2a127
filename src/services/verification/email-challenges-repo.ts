// Email challenges as rows: a code and a one-click link that prove control of
// an email (Regs 7060–7063). Only hashes are stored; the secrets exist in plain
// text only in the email the mail worker sends.

import type { Database, Transaction } from '../../db/client.js';
import { Prisma, type ChallengePurpose, type EmailChallenge } from '../../db/generated/client.js';
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

/** The newest challenge of these purposes that is not used up, locked for this transaction. */
export async function lockOpenChallenge(
  tx: Transaction,
  requestId: string,
  purposes: readonly ChallengePurpose[],
): Promise<EmailChallenge | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM email_challenges
    WHERE request_id = ${requestId}::uuid AND consumed_at IS NULL
      AND purpose::text = ANY(${[...purposes]}::text[])
    ORDER BY created_at DESC LIMIT 1 FOR UPDATE`;
  return row === undefined ? null : tx.emailChallenge.findUnique({ where: { id: row.id } });
}

/** The challenge of a one-click link, by its token's hash, locked for this transaction. */
export async function lockChallengeByLinkToken(
  tx: Transaction,
  linkTokenHash: string,
): Promise<EmailChallenge | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM email_challenges WHERE link_token_hash = ${linkTokenHash} FOR UPDATE`;
  return row === undefined ? null : tx.emailChallenge.findUnique({ where: { id: row.id } });
}

export async function findEmailChallenge(db: Database, id: string): Promise<EmailChallenge | null> {
  return db.emailChallenge.findUnique({ where: { id } });
}

export async function findLatestChallenge(
  tx: Transaction,
  requestId: string,
  purpose: ChallengePurpose,
): Promise<EmailChallenge | null> {
  return tx.emailChallenge.findFirst({ where: { requestId, purpose }, orderBy: { createdAt: 'desc' } });
}

/** A wrong code counted; at `lockedAt` the challenge accepts no more. */
export async function recordFailedAttempt(
  tx: Transaction,
  { id, failedAttempts, lockedAt }: { id: string; failedAttempts: number; lockedAt: Date | null },
): Promise<void> {
  await tx.emailChallenge.update({
    where: { id },
    data: { failedAttempts, ...(lockedAt !== null && { lockedAt }) },
  });
}

/** The right code or link was used: the challenge is spent, and the proof of email control kept. */
export async function confirmChallenge(tx: Transaction, id: string, now: Date): Promise<void> {
  await tx.emailChallenge.update({ where: { id }, data: { consumedAt: now, confirmedAt: now } });
}

/** Whether the requester ever used a right code or link of this request: they control its email. */
export async function hasProvenEmailControl(db: Database | Transaction, requestId: string): Promise<boolean> {
  const proof = await db.emailChallenge.findFirst({
    where: { requestId, confirmedAt: { not: null } },
    select: { id: true },
  });
  return proof !== null;
}

/** The challenge's email is sent again, with its message, in ONE statement. */
export async function resendChallenge(
  tx: Transaction,
  { id, now, outbox }: { id: string; now: Date; outbox: readonly OutboxMessageInput[] },
): Promise<void> {
  await tx.$executeRaw`
    WITH resent AS (
      UPDATE email_challenges SET last_sent_at = ${now}::timestamptz, send_count = send_count + 1
      WHERE id = ${id}::uuid
    )
    ${insertOutboxMessagesSql(outbox, now)}`;
}

/**
 * New secrets for a challenge still open, as the mail worker sends them;
 * answers false when it was used or locked meanwhile.
 */
export async function issueChallengeSecrets(
  db: Database,
  {
    id,
    codeHash,
    linkTokenHash,
    expiresAt,
  }: Pick<EmailChallenge, 'id' | 'codeHash' | 'linkTokenHash' | 'expiresAt'>,
): Promise<boolean> {
  const { count } = await db.emailChallenge.updateMany({
    where: { id, consumedAt: null, lockedAt: null },
    data: { codeHash, linkTokenHash, expiresAt },
  });
  return count > 0;
}
