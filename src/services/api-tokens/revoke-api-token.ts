// Withdraws an API token at once; the row stays, for the audit trail.

import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import type { Dependencies } from '../dependencies.js';

/** True when the token was active and is now revoked; false when unknown or already revoked. */
export async function revokeApiToken(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { tokenId, actor }: { tokenId: string; actor: Actor },
): Promise<boolean> {
  const { db, clock } = deps;
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, revokedAt: null },
      data: { revokedAt: now },
    });
    if (count === 0) return false;
    await appendAuditEvents(
      tx,
      { actor, requestId: null, events: [{ action: 'api_token.revoked', payload: { tokenId } }] },
      now,
    );
    return true;
  });
}
