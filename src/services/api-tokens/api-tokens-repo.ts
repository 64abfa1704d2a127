// API tokens as rows: only the SHA-256 of each token is stored (src/secrets.ts);
// a revoked token's row stays, for the audit trail.

import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from '../../db/client.js';
import type { ApiToken } from '../../db/generated/client.js';
import type { StaffRole } from '../../domain/access-policy.js';

export async function insertApiToken(
  tx: Transaction,
  token: { name: string; role: StaffRole; tokenHash: string; createdAt: Date },
): Promise<string> {
  const { id } = await tx.apiToken.create({ data: { id: randomUUID(), ...token } });
  return id;
}

export function findApiTokenByHash(db: Database, tokenHash: string): Promise<ApiToken | null> {
  return db.apiToken.findUnique({ where: { tokenHash } });
}

/**
 * Notes a use now unless the last one noted is after `staleBefore`; conditional,
 * so concurrent calls write it once.
 */
export async function noteApiTokenUsed(
  db: Database,
  id: string,
  { now, staleBefore }: { now: Date; staleBefore: Date },
): Promise<void> {
  await db.apiToken.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
    data: { lastUsedAt: now },
  });
}

/** True when the token was active and is now revoked. */
export async function markApiTokenRevoked(tx: Transaction, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.apiToken.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: now },
  });
  return count === 1;
}
