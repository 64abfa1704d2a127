// What downstream systems ask before they sell, share, use sensitive data or
// disclose it for a third party's direct marketing: whether a consumer identity
// opted out, and since when.

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { PhoneSchema } from '../requests/request-schemas.js';
import type { Dependencies } from '../dependencies.js';
import { findConsumerPreference, identitiesOf } from './preferences-repo.js';
import { findMinorConsent } from './minor-consents-repo.js';
import { optInMayBeAskedFrom, saleAllowedFor } from '../../domain/minor-consent.js';

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
  /** Civ. 1798.83(c)(2): on the Shine the Light suppression list. */
  directMarketingSuppressed: boolean;
  /** Civ. 1798.120(c): a consumer known to be under 16 with no opt-in in force. */
  minorWithoutOptIn: boolean;
  /** Civ. 1798.135(c)(5): after a refused or withdrawn opt-in, the first day the business may ask again. */
  optInMayBeAskedFrom: string | null;
  /** ISO instant of the earliest preference still in force; null when there is none. */
  since: string | null;
}

/** Two unique-index lookups: downstream systems call this on their own hot paths. */
export async function lookUpPreferences(
  deps: Pick<Dependencies, 'db' | 'policy'>,
  query: PreferencesQuery,
): Promise<ConsumerPreferences> {
  const [identity] = identitiesOf(query);
  const [row, minor] =
    identity === undefined
      ? [null, null]
      : await Promise.all([findConsumerPreference(deps.db, identity), findMinorConsent(deps.db, identity)]);
  const minorWithoutOptIn = !saleAllowedFor(minor);
  const dates = [
    row?.doNotSellOrShare ? row.doNotSellOrShareSince : null,
    row?.limitSensitiveUse ? row.limitSensitiveUseSince : null,
    row?.nevadaNoSale ? row.nevadaNoSaleSince : null,
    row?.directMarketingSuppressed ? row.directMarketingSuppressedSince : null,
    minorWithoutOptIn ? (minor?.knownSince ?? null) : null,
  ].filter((date): date is Date => date !== null);
  const earliest = dates.sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    // A known minor is not sold or shared without an opt-in, whatever else is recorded.
    doNotSellOrShare: (row?.doNotSellOrShare ?? false) || minorWithoutOptIn,
    limitSensitiveUse: row?.limitSensitiveUse ?? false,
    nevadaNoSale: row?.nevadaNoSale ?? false,
    directMarketingSuppressed: row?.directMarketingSuppressed ?? false,
    minorWithoutOptIn,
    optInMayBeAskedFrom: optInMayBeAskedFrom(
      minor?.declinedAt ?? null,
      deps.policy.deadlines.calendar.timeZone,
    ),
    since: earliest?.toISOString() ?? null,
  };
}
