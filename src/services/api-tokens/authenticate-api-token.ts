// Who is calling an API guarded by bearer tokens (staff tools, integrations).

import type { StaffRole } from '../../domain/access-policy.js';
import type { Actor } from '../../domain/audit-events.js';
import { hashToken, sameHash } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { findApiTokenByHash, noteApiTokenUsed } from './api-tokens-repo.js';

/** The prefix lets secret scanners and people recognise a leaked token. */
export const API_TOKEN_PREFIX = 'rd_';
const API_TOKEN_SHAPE = /^rd_[A-Za-z0-9_-]{43}$/;

/** lastUsedAt is for admins spotting unused tokens: minute precision spares a write per call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenPrincipal {
  tokenId: string;
  name: string;
  role: StaffRole;
  /** How the caller appears in the audit log. */
  actor: Actor & { type: 'api_token' };
}

/** The token's principal, or null for an unknown, malformed or revoked token. */
export async function authenticateApiToken(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  presentedToken: string,
): Promise<ApiTokenPrincipal | null> {
  const { db, clock } = deps;
  if (!API_TOKEN_SHAPE.test(presentedToken)) return null;
  const presentedHash = hashToken(presentedToken);
  // The lookup is by hash, so its timing can reveal only something about a
  // hash, which is worthless without the 256-bit secret behind it; the stored
  // hash is still compared in constant time before it is trusted.
  const token = await findApiTokenByHash(db, presentedHash);
  if (token === null) return null;
  const matches = sameHash(token.tokenHash, presentedHash);
  if (!matches || token.revokedAt !== null) return null;

  const now = clock.now();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (token.lastUsedAt === null || token.lastUsedAt <= staleBefore) {
    await noteApiTokenUsed(db, token.id, { now, staleBefore });
  }
  return {
    tokenId: token.id,
    name: token.name,
    role: token.role,
    actor: { type: 'api_token', id: token.id },
  };
}
