// Known minors' consent to sale or sharing as rows, one per identity
// (docs/legal-rules.md#minors): recorded when a request gives an age band under
// 16, read by the preference lookup, changed by a recorded opt-in or refusal.

import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from '../../db/client.js';
import type { IdentityKind, MinorSaleConsent } from '../../db/generated/client.js';
import type { OptInParty, ParentVerificationMethod } from '../../domain/minor-consent.js';

export interface IdentityRow {
  identityKind: IdentityKind;
  identityValue: string;
}

/**
 * The identities are known to belong to a minor from now on; an identity
 * already known keeps its date, and a younger band replaces an older one.
 */
export async function recordKnownMinor(
  tx: Transaction,
  {
    identities,
    ageBand,
    requestId,
    now,
  }: { identities: readonly IdentityRow[]; ageBand: '13_15' | 'under_13'; requestId: string; now: Date },
): Promise<void> {
  if (identities.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO minor_sale_consents (id, identity_kind, identity_value, age_band, known_since,
      known_from_request_id, updated_at)
    SELECT identity.id, identity.kind::"IdentityKind", identity.value, ${ageBand}::"AgeBand",
      ${now}::timestamptz, ${requestId}::uuid, ${now}::timestamptz
    FROM unnest(${identities.map(() => randomUUID())}::uuid[], ${identities.map((row) => row.identityKind)}::text[],
      ${identities.map((row) => row.identityValue)}::text[]) AS identity (id, kind, value)
    ON CONFLICT (identity_kind, identity_value) DO UPDATE
      SET age_band = 'under_13', updated_at = EXCLUDED.updated_at
      WHERE EXCLUDED.age_band = 'under_13' AND minor_sale_consents.age_band <> 'under_13'`;
}

export function findMinorConsent(db: Database, identity: IdentityRow): Promise<MinorSaleConsent | null> {
  return db.minorSaleConsent.findUnique({ where: { identityKind_identityValue: identity } });
}

/**
 * The rows of these identities and of every identity known from the same
 * request (one consumer's email, phone and account number), locked for the
 * caller's transaction.
 */
export async function lockMinorConsents(
  tx: Transaction,
  identities: readonly IdentityRow[],
): Promise<MinorSaleConsent[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM minor_sale_consents
    WHERE known_from_request_id IN (
      SELECT known_from_request_id FROM minor_sale_consents
      WHERE (identity_kind::text, identity_value) IN (
        SELECT * FROM unnest(${identities.map((row) => row.identityKind)}::text[],
                             ${identities.map((row) => row.identityValue)}::text[])))
    ORDER BY id
    FOR UPDATE`;
  return tx.minorSaleConsent.findMany({ where: { id: { in: rows.map((row) => row.id) } } });
}

export async function saveMinorConsentDecision(
  tx: Transaction,
  ids: readonly string[],
  decision:
    | { kind: 'opt_in'; by: OptInParty; parentVerificationMethod: ParentVerificationMethod | null; now: Date }
    | { kind: 'decline'; now: Date }
    | { kind: 'parent_opt_in_requested'; now: Date },
): Promise<void> {
  if (decision.kind === 'parent_opt_in_requested') {
    await tx.minorSaleConsent.updateMany({
      where: { id: { in: [...ids] } },
      data: { parentOptInRequestedAt: decision.now, updatedAt: decision.now },
    });
    return;
  }
  await tx.minorSaleConsent.updateMany({
    where: { id: { in: [...ids] } },
    data:
      decision.kind === 'opt_in'
        ? {
            optedInAt: decision.now,
            optedInBy: decision.by,
            parentVerificationMethod: decision.parentVerificationMethod,
            parentOptInRequestedAt: null,
            updatedAt: decision.now,
          }
        : {
            optedInAt: null,
            optedInBy: null,
            parentVerificationMethod: null,
            declinedAt: decision.now,
            parentOptInRequestedAt: null,
            updatedAt: decision.now,
          },
  });
}

export interface ParentOptInAwaitingVerification {
  requestId: string;
  reference: string;
  requestedAt: Date;
}

/** Parents' opt-ins given on the consumer page and not yet recorded, oldest first, by the request that made the child known. */
export function listParentOptInsAwaitingVerification(
  db: Database,
  limit: number,
): Promise<ParentOptInAwaitingVerification[]> {
  return db.$queryRaw<ParentOptInAwaitingVerification[]>`
    SELECT c.known_from_request_id AS "requestId", r.reference,
           min(c.parent_opt_in_requested_at) AS "requestedAt"
    FROM minor_sale_consents c
    JOIN privacy_requests r ON r.id = c.known_from_request_id
    WHERE c.parent_opt_in_requested_at IS NOT NULL AND c.opted_in_at IS NULL
    GROUP BY c.known_from_request_id, r.reference
    ORDER BY min(c.parent_opt_in_requested_at)
    LIMIT ${limit}`;
}
