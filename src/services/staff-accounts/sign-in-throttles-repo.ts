import type { Database, Transaction } from '../../db/client.js';

/** The latest time any of these keys may be tried again, or null when none waits. */
export async function blockedUntilOf(db: Database, keyHashes: readonly string[]): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ until: Date | null }[]>`
    SELECT max(blocked_until) AS until FROM sign_in_throttles WHERE key_hash = ANY(${keyHashes}::text[])`;
  return row?.until ?? null;
}

/**
 * Counts one failure under `keyHash` in one statement (concurrent failures each count),
 * forgetting a count last touched before `forgetBefore`; answers the failures so far.
 */
export async function countSignInFailure(
  tx: Transaction,
  { keyHash, now, forgetBefore }: { keyHash: string; now: Date; forgetBefore: Date },
): Promise<number> {
  const [row] = await tx.$queryRaw<{ failures: number }[]>`
    INSERT INTO sign_in_throttles (key_hash, failures, blocked_until, updated_at)
    VALUES (${keyHash}, 1, ${now}, ${now})
    ON CONFLICT (key_hash) DO UPDATE SET
      failures = CASE WHEN sign_in_throttles.updated_at < ${forgetBefore} THEN 1
                      ELSE sign_in_throttles.failures + 1 END,
      updated_at = ${now}
    RETURNING failures`;
  return row?.failures ?? 1;
}

export async function setBlockedUntil(tx: Transaction, keyHash: string, blockedUntil: Date): Promise<void> {
  await tx.$executeRaw`UPDATE sign_in_throttles SET blocked_until = ${blockedUntil} WHERE key_hash = ${keyHash}`;
}

/** A right password clears what was counted against that email. */
export async function clearSignInFailures(db: Database, keyHashes: readonly string[]): Promise<void> {
  await db.$executeRaw`DELETE FROM sign_in_throttles WHERE key_hash = ANY(${keyHashes}::text[])`;
}

/** Counts nobody has touched for long are of no further use. */
export async function deleteSignInThrottlesBefore(db: Database, before: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM sign_in_throttles WHERE updated_at < ${before}`;
}
