// The customer records a requester may be, for staff to compare side by side
// (the officer's request page, the phone intake's "Find record"): each
// candidate with every data point given and the ones it matches, under the
// one identity matcher (src/domain/identity-matching.ts) that
// matchRecordsAutomatically also uses when it decides alone after a consumer's
// emailed code, keeping only the best record's matched points
// (docs/legal-rules.md#matching).
// Found by indexed lookups only (account number, email, phone): never a scan.

import type { Customer } from '../../db/generated/client.js';
import { fromDateColumn } from '../../db/date-columns.js';
import type { Database } from '../../db/client.js';
import {
  compareIdentity,
  normalizeAccountNumber,
  normalizeEmail,
  type IdentityComparison,
  type IdentityDataPoints,
} from '../../domain/identity-matching.js';
import { findCustomers } from './customers-repo.js';
import { identityOfCustomer } from './customer-identity.js';

/** At most this many records per identifier: a shared phone or email must not flood the screen. */
const CANDIDATES_PER_IDENTIFIER = 5;

interface CustomerView {
  id: string;
  accountNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  address: { line1: string; line2: string | null; city: string; state: string; postalCode: string } | null;
  lastInteractionDate: string | null;
}

export interface CustomerMatch extends IdentityComparison {
  customer: CustomerView;
}

/** The best-matching first. */
export async function findRecordsForStaffReview(
  db: Database,
  given: IdentityDataPoints,
): Promise<CustomerMatch[]> {
  const lookups: Promise<Customer[]>[] = [];
  if (given.accountNumber) {
    lookups.push(findCustomers(db, [{ accountNumber: normalizeAccountNumber(given.accountNumber) }], 1));
  }
  if (given.email) {
    lookups.push(findCustomers(db, [{ email: normalizeEmail(given.email) }], CANDIDATES_PER_IDENTIFIER));
  }
  if (given.phone) {
    lookups.push(findCustomers(db, [{ phone: given.phone }], CANDIDATES_PER_IDENTIFIER));
  }
  const byId = new Map<string, Customer>();
  for (const rows of await Promise.all(lookups)) for (const row of rows) byId.set(row.id, row);
  return [...byId.values()]
    .map((row) => {
      const customer = customerViewOf(row);
      return { customer, ...compareIdentity(given, identityOfCustomer(row)) };
    })
    .sort((left, right) => right.matched.length - left.matched.length);
}

function customerViewOf(row: Customer): CustomerView {
  return {
    id: row.id,
    accountNumber: row.accountNumber,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    phone: row.phone,
    address:
      row.addressLine1 === null ||
      row.addressCity === null ||
      row.addressState === null ||
      row.addressPostalCode === null
        ? null
        : {
            line1: row.addressLine1,
            line2: row.addressLine2,
            city: row.addressCity,
            state: row.addressState,
            postalCode: row.addressPostalCode,
          },
    lastInteractionDate: row.lastInteractionDate === null ? null : fromDateColumn(row.lastInteractionDate),
  };
}
