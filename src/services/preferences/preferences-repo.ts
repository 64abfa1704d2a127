// Consumer preferences and GPC browsers as rows. What downstream systems must
// honour per consumer identity: completed opt_out, limit, nv_opt_out and
// stl_suppression requests and GPC opt-outs set a flag on the identity's row; other systems
// read it (look-up-preferences.ts). A browser that sent the GPC signal is known
// by its cookie's hash only.

import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from '../../db/client.js';
import { Prisma, type ConsumerPreference, type IdentityKind } from '../../db/generated/client.js';
import { normalizeAccountNumber, normalizeEmail } from '../../domain/identity-matching.js';

const OPT_OUT_KINDS = ['opt_out', 'limit', 'nv_opt_out', 'stl_suppression'] as const;
type OptOutKind = (typeof OPT_OUT_KINDS)[number];

export function isOptOutKind(type: string): type is OptOutKind {
  return (OPT_OUT_KINDS as readonly string[]).includes(type);
}

/** The flag each kind of opt-out sets, and the column dating it. */
const FLAG_COLUMNS: Readonly<Record<OptOutKind, { flag: string; since: string }>> = {
  // Civ. 1798.120, .135; Regs 7026; also a GPC signal (Regs 7025).
  opt_out: { flag: 'do_not_sell_or_share', since: 'do_not_sell_or_share_since' },
  // Civ. 1798.121; Regs 7027.
  limit: { flag: 'limit_sensitive_use', since: 'limit_sensitive_use_since' },
  // NRS 603A.345.
  nv_opt_out: { flag: 'nevada_no_sale', since: 'nevada_no_sale_since' },
  // Civ. 1798.83(c)(2): the Shine the Light suppression list.
  stl_suppression: { flag: 'direct_marketing_suppressed', since: 'direct_marketing_suppressed_since' },
};

export interface ConsumerIdentities {
  email?: string | null | undefined;
  /** E.164. */
  phone?: string | null | undefined;
  accountNumber?: string | null | undefined;
}

/** An opt-out to record for every identity given. */
export interface OptOutPreference {
  kind: OptOutKind;
  identities: ConsumerIdentities;
}

/**
 * The identities as stored, normalised as the identity matcher does: lower-case
 * email, E.164 phone, account number without spaces or dashes ("pc-102978" is PC102978).
 */
export function identitiesOf({ email, phone, accountNumber }: ConsumerIdentities) {
  const found: { identityKind: IdentityKind; identityValue: string }[] = [];
  if (email) found.push({ identityKind: 'email', identityValue: normalizeEmail(email) });
  if (phone) found.push({ identityKind: 'phone', identityValue: phone });
  if (accountNumber) {
    found.push({ identityKind: 'account_number', identityValue: normalizeAccountNumber(accountNumber) });
  }
  return found;
}

/**
 * Sets the opt-out on every identity given, in ONE statement, or in a
 * statement that writes it beside other rows (`when`, an SQL condition, can
 * make it write none). An identity already opted out keeps its original date:
 * the preference dates from the first request that set it.
 */
export function recordOptOutPreferencesSql(
  { kind, identities }: OptOutPreference,
  at: Date,
  when: Prisma.Sql = Prisma.sql`true`,
): Prisma.Sql {
  const found = identitiesOf(identities);
  const flag = Prisma.raw(FLAG_COLUMNS[kind].flag);
  const since = Prisma.raw(FLAG_COLUMNS[kind].since);
  return Prisma.sql`
    INSERT INTO consumer_preferences (id, identity_kind, identity_value, ${flag}, ${since}, updated_at)
    SELECT identity.id, identity.kind::"IdentityKind", identity.value, true, ${at}::timestamptz,
      ${at}::timestamptz
    FROM unnest(${found.map(() => randomUUID())}::uuid[], ${found.map((item) => item.identityKind)}::text[],
      ${found.map((item) => item.identityValue)}::text[]) AS identity (id, kind, value)
    WHERE ${when}
    ON CONFLICT (identity_kind, identity_value) DO UPDATE
      SET ${flag} = true, ${since} = EXCLUDED.${since}, updated_at = EXCLUDED.updated_at
      WHERE NOT consumer_preferences.${flag}`;
}

export async function recordOptOutPreferences(
  tx: Transaction,
  preference: OptOutPreference,
  at: Date,
): Promise<void> {
  await tx.$executeRaw(recordOptOutPreferencesSql(preference, at));
}

/** The suppression list (Civ. 1798.83(c)(2)): each identity on it and when it was added, oldest first. */
export async function listSuppressedIdentities(tx: Transaction) {
  return tx.consumerPreference.findMany({
    where: { directMarketingSuppressed: true },
    select: { identityKind: true, identityValue: true, directMarketingSuppressedSince: true },
    orderBy: [{ directMarketingSuppressedSince: 'asc' }, { identityKind: 'asc' }, { identityValue: 'asc' }],
  });
}

/** One unique-index lookup: downstream systems call it on their own hot paths. */
export async function findConsumerPreference(
  db: Database,
  identity: { identityKind: IdentityKind; identityValue: string },
): Promise<ConsumerPreference | null> {
  return db.consumerPreference.findUnique({ where: { identityKind_identityValue: identity } });
}

/**
 * Notes the signal of a browser whose opt-out is already recorded, in one
 * statement; says whether there was such a browser.
 */
export async function touchRecordedGpcBrowser(
  db: Database,
  { cookieHash, now }: { cookieHash: string; now: Date },
): Promise<boolean> {
  const touched = await db.$executeRaw`
    UPDATE gpc_browsers SET last_signal_at = ${now}
    WHERE cookie_hash = ${cookieHash} AND request_id IS NOT NULL`;
  return touched > 0;
}

/**
 * Upserts the browser's row and answers the id of its opt-out request, or
 * null when none is recorded yet. ON CONFLICT … DO UPDATE takes the row lock
 * until the transaction ends, and returns the row as committed by a concurrent
 * call that got there first (READ COMMITTED): concurrent signals of one
 * browser queue here, one at a time.
 */
export async function lockGpcBrowser(
  tx: Transaction,
  { cookieHash, now }: { cookieHash: string; now: Date },
): Promise<string | null> {
  const [browser] = await tx.$queryRaw<{ request_id: string | null }[]>`
    INSERT INTO gpc_browsers (id, cookie_hash, first_signal_at, last_signal_at)
    VALUES (${randomUUID()}::uuid, ${cookieHash}, ${now}, ${now})
    ON CONFLICT (cookie_hash) DO UPDATE SET last_signal_at = EXCLUDED.last_signal_at
    RETURNING request_id`;
  if (browser === undefined) throw new Error('The GPC browser upsert returned no row');
  return browser.request_id;
}

/** The browser's opt-out request, once it is written. */
export async function attachGpcRequest(
  tx: Transaction,
  { cookieHash, requestId }: { cookieHash: string; requestId: string },
): Promise<void> {
  await tx.gpcBrowser.update({ where: { cookieHash }, data: { requestId } });
}

/** The browser's row, when it ever had its opt-out recorded. */
export async function findRecordedGpcBrowser(
  tx: Transaction,
  cookieHash: string,
): Promise<{ id: string } | null> {
  return tx.gpcBrowser.findFirst({ where: { cookieHash, requestId: { not: null } }, select: { id: true } });
}

export async function linkGpcBrowserToEmail(
  tx: Transaction,
  { browserId, emailNormalized, now }: { browserId: string; emailNormalized: string; now: Date },
): Promise<void> {
  await tx.gpcBrowser.update({
    where: { id: browserId },
    data: { linkedEmailNormalized: emailNormalized, linkedAt: now },
  });
}
