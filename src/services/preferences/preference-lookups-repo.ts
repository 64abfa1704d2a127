import type { Database, Transaction } from '../../db/client.js';

/** One more lookup by `tokenId` in the hour starting at `hourStart`, in one statement. */
export async function countPreferenceLookup(db: Database, tokenId: string, hourStart: Date): Promise<void> {
  await db.$executeRaw`
    INSERT INTO preference_lookup_counts (token_id, hour_start, lookups) VALUES (${tokenId}::uuid, ${hourStart}, 1)
    ON CONFLICT (token_id, hour_start) DO UPDATE SET lookups = preference_lookup_counts.lookups + 1`;
}

/**
 * Takes the counts of hours that ended before `before`: deleted and returned in the
 * caller's transaction, rows another instance holds skipped, so each is taken once.
 */
export async function takeEndedLookupCounts(
  tx: Transaction,
  before: Date,
): Promise<{ tokenId: string; hourStart: Date; lookups: number }[]> {
  return tx.$queryRaw`
    DELETE FROM preference_lookup_counts
    WHERE (token_id, hour_start) IN (
      SELECT token_id, hour_start FROM preference_lookup_counts
      WHERE hour_start < ${before} ORDER BY hour_start LIMIT 500 FOR UPDATE SKIP LOCKED)
    RETURNING token_id::text AS "tokenId", hour_start AS "hourStart", lookups`;
}
