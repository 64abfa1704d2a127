// Which indexed lookups can find the records a requester may be: each value is
// normalised the way records are stored (account numbers without dashes or
// spaces, emails in lower case, phones in E.164), so "PC-102978" finds PC102978.

import {
  normalizeAccountNumber,
  normalizeEmail,
  type IdentityDataPoints,
} from '../../domain/identity-matching.js';
import type { CustomerLookup } from './customers-repo.js';

const present = (value: string | null | undefined): value is string =>
  value !== null && value !== undefined && value.trim() !== '';

export function lookupsFor(given: IdentityDataPoints): CustomerLookup[] {
  const lookups: CustomerLookup[] = [];
  if (present(given.accountNumber)) {
    lookups.push({ accountNumber: normalizeAccountNumber(given.accountNumber) });
  }
  // A requester logged with a postal address only has no email to look up.
  if (present(given.email)) lookups.push({ email: normalizeEmail(given.email) });
  if (present(given.phone)) lookups.push({ phone: given.phone });
  if (present(given.lastName) && given.address) {
    lookups.push({ lastName: given.lastName.trim(), addressPostalCode: given.address.postalCode.trim() });
  }
  return lookups;
}
