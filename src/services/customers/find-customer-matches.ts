// Finds the customer records a requester may be, by indexed lookups only
// (account number, email, phone: never a scan of the directory), and tells
// which data points match each (src/domain/identity-matching.ts).

import type { Customer } from '../../db/generated/client.js';
import { fromDateColumn } from '../../db/date-columns.js';
import type { Database, Transaction } from '../../db/client.js';
import {
  compareIdentity,
  normalizeAccountNumber,
  normalizeEmail,
  type IdentityComparison,
  type IdentityDataPoints,
} from '../../domain/identity-matching.js';

/** At most this many records per identifier: a shared phone or email must not flood the screen. */
const CANDIDATES_PER_IDENTIFIER = 5;

export interface CustomerView {
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

export async function findCustomerMatches(
  db: Database | Transaction,
  given: IdentityDataPoints,
): Promise<CustomerMatch[]> {
  const lookups: Promise<Customer[]>[] = [];
  if (given.accountNumber) {
    lookups.push(
      db.customer.findMany({
        where: { accountNumber: normalizeAccountNumber(given.accountNumber) },
        take: 1,
      }),
    );
  }
  if (given.email) {
    lookups.push(
      db.customer.findMany({
        where: { email: normalizeEmail(given.email) },
        take: CANDIDATES_PER_IDENTIFIER,
      }),
    );
  }
  if (given.phone) {
    lookups.push(db.customer.findMany({ where: { phone: given.phone }, take: CANDIDATES_PER_IDENTIFIER }));
  }
  const byId = new Map<string, Customer>();
  for (const rows of await Promise.all(lookups)) for (const row of rows) byId.set(row.id, row);
  return [...byId.values()]
    .map((row) => {
      const customer = customerViewOf(row);
      return { customer, ...compareIdentity(given, customer) };
    })
    .sort((left, right) => right.matched.length - left.matched.length);
}

export function customerViewOf(row: Customer): CustomerView {
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
