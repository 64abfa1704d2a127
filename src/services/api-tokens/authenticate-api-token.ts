// Who is calling, from the bearer token they present (issue 3, part 6).

import { timingSafeEqual } from 'node:crypto';
import type { StaffRole } from '../../domain/access-policy.js';
import type { Actor } from '../../domain/audit-events.js';
import { hashApiToken, isApiTokenShaped } from './api-token-secret.js';
import type { Dependencies } from '../dependencies.js';

/** lastUsedAt is for admins spotting unused tokens: minute precision spares a write per call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenPrincipal {
  tokenId: string;
  name: string;
  role: StaffRole;
  /** How the caller appears in the audit log. */
  actor: Actor;
}

/** The token's principal, or null for an unknown, malformed or revoked token. */
export async function authenticateApiToken(
  deps: Pick<Pick<Dependencies, 'db' | 'clock'>, 'db' | 'clock'>,
  presentedToken: string,
): Promise<ApiTokenPrincipal | null> {
  const { db, clock } = deps;
  if (!isApiTokenShaped(presentedToken)) return null;
  const presentedHash = hashApiToken(presentedToken);
  // The lookup is by hash, so its timing can reveal only something about a
  // hash, which is worthless without the 256-bit secret behind it; the stored
  // hash is still compared in constant time before it is trusted.
  const token = await db.apiToken.findUnique({ where: { tokenHash: presentedHash } });
  if (token === null) return null;
  const matches = timingSafeEqual(Buffer.from(token.tokenHash, 'hex'), Buffer.from(presentedHash, 'hex'));
  if (!matches || token.revokedAt !== null) return null;

  const now = clock.now();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (token.lastUsedAt === null || token.lastUsedAt <= staleBefore) {
    // Conditional, so concurrent calls write it once.
    await db.apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return {
    tokenId: token.id,
    name: token.name,
    role: token.role,
    actor: { type: 'api_token', id: token.id },
  };
}
