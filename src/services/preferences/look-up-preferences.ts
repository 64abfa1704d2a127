// What downstream systems ask before they sell, share or use sensitive data:
// whether a consumer identity opted out, and since when.

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { PhoneSchema } from '../requests/request-schemas.js';
import type { Dependencies } from '../dependencies.js';
import { findConsumerPreference, identitiesOf } from './preferences-repo.js';

/** Exactly one identity per lookup; values are normalised as they are stored. */
export const PreferencesQuerySchema = z
  .object({
    email: storableText().trim().max(254).pipe(z.email()).optional(),
    phone: PhoneSchema.optional(),
    accountNumber: storableText().trim().min(1).max(64).optional(),
  })
  .refine((query) => [query.email, query.phone, query.accountNumber].filter(Boolean).length === 1, {
    error: 'give exactly one of email, phone or accountNumber',
    path: ['email'],
  });
type PreferencesQuery = z.output<typeof PreferencesQuerySchema>;

interface ConsumerPreferences {
  doNotSellOrShare: boolean;
  limitSensitiveUse: boolean;
  nevadaNoSale: boolean;
  /** ISO instant of the earliest preference still in force; null when there is none. */
  since: string | null;
}

/** One unique-index lookup: downstream systems call this on their own hot paths. */
export async function lookUpPreferences(
  deps: Pick<Dependencies, 'db'>,
  query: PreferencesQuery,
): Promise<ConsumerPreferences> {
  const [identity] = identitiesOf(query);
  const row = identity === undefined ? null : await findConsumerPreference(deps.db, identity);
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
