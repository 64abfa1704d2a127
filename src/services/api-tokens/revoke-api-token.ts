// Withdraws an API token at once; the row stays, for the audit trail.

import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import type { Dependencies } from '../dependencies.js';
import { markApiTokenRevoked } from './api-tokens-repo.js';

/** True when the token was active and is now revoked; false when unknown or already revoked. */
export async function revokeApiToken(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { tokenId, actor }: { tokenId: string; actor: Actor },
): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    if (!(await markApiTokenRevoked(tx, tokenId, now))) return false;
    const event = { action: 'api_token.revoked', payload: { tokenId } } as const;
    await appendAuditEvents(tx, { actor, requestId: null, events: [event] });
    return true;
  });
}
