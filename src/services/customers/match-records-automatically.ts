// The automatic check after a consumer's emailed code: the requester's data
// points are matched against the business's own customer records, and the best
// record's matched points count as verification evidence
// (docs/legal-rules.md#matching). Unlike findRecordsForStaffReview, which shows
// staff every candidate under the fuller normalisation of the staff screens,
// this compares more simply (accents, street abbreviations and the second
// address line are not handled) and lets only the names of the points that
// matched leave it, never which ones failed.

import type { Transaction } from '../../db/client.js';
import { fromDateColumn } from '../../db/date-columns.js';
import type { Customer, RequestSubject } from '../../db/generated/client.js';
import type { DataPoint } from '../../domain/request-types.js';
import { findCustomers, type CustomerLookup } from './customers-repo.js';

const MAX_CANDIDATES = 20;

const normalise = (value: string | null | undefined) =>
  (value ?? '').normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');

/** Street line without punctuation, ZIP without its +4: "1 Market St." ≈ "1 market st". */
const streetOf = (value: string | null | undefined) => normalise(value).replace(/[.,#]/g, '');
const zipOf = (value: string | null | undefined) => (value ?? '').trim().slice(0, 5);

function matchedPoints(
  subject: RequestSubject,
  customer: Customer,
  { emailControlProven }: { emailControlProven: boolean },
): DataPoint[] {
  const matched: DataPoint[] = [];
  if (
    normalise(subject.firstName) === normalise(customer.firstName) &&
    normalise(subject.lastName) === normalise(customer.lastName)
  ) {
    matched.push('name');
  }
  // Proving control of an email counts as a data point only when that email is on the record.
  if (
    emailControlProven &&
    customer.email !== null &&
    subject.emailNormalized === normalise(customer.email)
  ) {
    matched.push('email');
  }
  if (subject.phone !== null && subject.phone === customer.phone) matched.push('phone');
  if (
    subject.addressLine1 !== null &&
    streetOf(subject.addressLine1) === streetOf(customer.addressLine1) &&
    zipOf(subject.addressPostalCode) === zipOf(customer.addressPostalCode)
  ) {
    matched.push('postal_address');
  }
  if (subject.accountNumber !== null && subject.accountNumber.trim() === customer.accountNumber) {
    matched.push('account_number');
  }
  if (
    subject.lastInteractionDate !== null &&
    customer.lastInteractionDate !== null &&
    fromDateColumn(subject.lastInteractionDate) === fromDateColumn(customer.lastInteractionDate)
  ) {
    matched.push('last_interaction_date');
  }
  return matched;
}

/**
 * The data points of the best-matching customer record: candidates are found
 * by the identifiers that single out a record, then compared point by point.
 */
export async function matchRecordsAutomatically(
  tx: Transaction,
  subject: RequestSubject,
  evidence: { emailControlProven: boolean },
): Promise<DataPoint[]> {
  const identifiers: CustomerLookup[] = [
    // A subject logged with a postal address only has no email to look up (a null would match every record without one).
    ...(subject.emailNormalized ? [{ email: subject.emailNormalized }] : []),
    ...(subject.phone ? [{ phone: subject.phone }] : []),
    ...(subject.accountNumber ? [{ accountNumber: subject.accountNumber.trim() }] : []),
    ...(subject.addressPostalCode
      ? [{ lastName: subject.lastName, addressPostalCode: subject.addressPostalCode }]
      : []),
  ];
  const candidates = await findCustomers(tx, identifiers, MAX_CANDIDATES);
  let best: DataPoint[] = [];
  for (const customer of candidates) {
    const matched = matchedPoints(subject, customer, evidence);
    if (matched.length > best.length) best = matched;
  }
  return best;
}
