// The one shape the identity matcher (src/domain/identity-matching.ts) compares:
// what a customer record holds and what a requester gave, mapped from their
// rows, so that the consumer's automatic check and the officer's side-by-side
// view judge the same values the same way (docs/legal-rules.md#matching).

import { fromDateColumn } from '../../db/date-columns.js';
import type { Customer, RequestSubject } from '../../db/generated/client.js';
import type { IdentityDataPoints } from '../../domain/identity-matching.js';

type AddressColumns = Pick<
  Customer,
  'addressLine1' | 'addressLine2' | 'addressCity' | 'addressState' | 'addressPostalCode'
>;

function addressOf(row: AddressColumns): IdentityDataPoints['address'] {
  if (row.addressLine1 === null || row.addressPostalCode === null) return null;
  return {
    line1: row.addressLine1,
    line2: row.addressLine2,
    city: row.addressCity ?? '',
    state: row.addressState ?? '',
    postalCode: row.addressPostalCode,
  };
}

export function identityOfCustomer(row: Customer): IdentityDataPoints {
  return {
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    phone: row.phone,
    address: addressOf(row),
    accountNumber: row.accountNumber,
    lastInteractionDate: row.lastInteractionDate === null ? null : fromDateColumn(row.lastInteractionDate),
  };
}

/**
 * The requester's data points. Their email counts only once they proved they
 * control it: an address anyone can type is not evidence (Regs 7060).
 */
export function identityOfSubject(
  subject: RequestSubject,
  { emailControlProven }: { emailControlProven: boolean },
): IdentityDataPoints {
  return {
    firstName: subject.firstName,
    lastName: subject.lastName,
    email: emailControlProven ? subject.emailNormalized : null,
    phone: subject.phone,
    address: addressOf(subject),
    accountNumber: subject.accountNumber,
    lastInteractionDate:
      subject.lastInteractionDate === null ? null : fromDateColumn(subject.lastInteractionDate),
  };
}
