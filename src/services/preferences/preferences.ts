// What downstream systems must honour per consumer identity (issue 4, part 6):
// completed opt_out, limit and nv_opt_out requests and GPC opt-outs set a flag
// on the identity's row; other systems read it with lookupPreferences.

import { z } from 'zod';
import type { Database, Transaction } from '../../db/client.js';
import type { ConsumerPreference, IdentityKind } from '../../db/generated/client.js';
import { unreachable } from '../../domain/errors.js';
import { PhoneSchema } from '../requests/request-schemas.js';

export const OPT_OUT_KINDS = ['opt_out', 'limit', 'nv_opt_out'] as const;
export type OptOutKind = (typeof OPT_OUT_KINDS)[number];

export function isOptOutKind(type: string): type is OptOutKind {
  return (OPT_OUT_KINDS as readonly string[]).includes(type);
}

export interface ConsumerIdentities {
  email?: string | null | undefined;
  /** E.164. */
  phone?: string | null | undefined;
  accountNumber?: string | null | undefined;
}

function identitiesOf({ email, phone, accountNumber }: ConsumerIdentities) {
  const found: { identityKind: IdentityKind; identityValue: string }[] = [];
  if (email) found.push({ identityKind: 'email', identityValue: email.trim().toLowerCase() });
  if (phone) found.push({ identityKind: 'phone', identityValue: phone });
  if (accountNumber) found.push({ identityKind: 'account_number', identityValue: accountNumber.trim() });
  return found;
}

function flagsOf(kind: OptOutKind, at: Date) {
  switch (kind) {
    case 'opt_out': // Civ. 1798.120, .135; Regs 7026; also a GPC signal (Regs 7025)
      return { doNotSellOrShare: true, doNotSellOrShareSince: at };
    case 'limit': // Civ. 1798.121; Regs 7027
      return { limitSensitiveUse: true, limitSensitiveUseSince: at };
    case 'nv_opt_out': // NRS 603A.345
      return { nevadaNoSale: true, nevadaNoSaleSince: at };
    default:
      return unreachable(kind);
  }
}

/**
 * Sets the opt-out on every identity given, in the caller's transaction. An
 * identity already opted out keeps its original date: the preference dates from
 * the first request that set it.
 */
export async function recordOptOutPreferences(
  tx: Transaction,
  { kind, identities, at }: { kind: OptOutKind; identities: ConsumerIdentities; at: Date },
): Promise<void> {
  const flags = flagsOf(kind, at);
  const [flag] = Object.keys(flags) as (keyof ConsumerPreference)[];
  for (const identity of identitiesOf(identities)) {
    const existing = await tx.consumerPreference.findUnique({
      where: { identityKind_identityValue: identity },
    });
    if (existing === null) {
      await tx.consumerPreference.create({ data: { ...identity, ...flags } });
    } else if (flag !== undefined && existing[flag] !== true) {
      await tx.consumerPreference.update({ where: { id: existing.id }, data: flags });
    }
  }
}

/** Exactly one identity per lookup; values are normalised as they are stored. */
export const PreferencesQuerySchema = z
  .object({
    email: z.string().trim().max(254).pipe(z.email()).optional(),
    phone: PhoneSchema.optional(),
    accountNumber: z.string().trim().min(1).max(64).optional(),
  })
  .refine((query) => [query.email, query.phone, query.accountNumber].filter(Boolean).length === 1, {
    error: 'give exactly one of email, phone or accountNumber',
    path: ['email'],
  });
export type PreferencesQuery = z.output<typeof PreferencesQuerySchema>;

export interface ConsumerPreferences {
  doNotSellOrShare: boolean;
  limitSensitiveUse: boolean;
  nevadaNoSale: boolean;
  /** ISO instant of the earliest preference still in force; null when there is none. */
  since: string | null;
}

/** One unique-index lookup: downstream systems call this on their own hot paths. */
export async function lookupPreferences(
  deps: { db: Database },
  query: PreferencesQuery,
): Promise<ConsumerPreferences> {
  const [identity] = identitiesOf(query);
  const row =
    identity === undefined
      ? null
      : await deps.db.consumerPreference.findUnique({ where: { identityKind_identityValue: identity } });
  const dates = [
    row?.doNotSellOrShare ? row.doNotSellOrShareSince : null,
    row?.limitSensitiveUse ? row.limitSensitiveUseSince : null,
    row?.nevadaNoSale ? row.nevadaNoSaleSince : null,
  ].filter((date): date is Date => date !== null);
  const earliest = dates.sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    doNotSellOrShare: row?.doNotSellOrShare ?? false,
    limitSensitiveUse: row?.limitSensitiveUse ?? false,
    nevadaNoSale: row?.nevadaNoSale ?? false,
    since: earliest?.toISOString() ?? null,
  };
}
