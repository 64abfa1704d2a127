// The automatic check after a consumer's emailed code: the requester's data
// points are matched against the business's own customer records, and the best
// record's matched points count as verification evidence. It uses the same
// matcher as the officer's side-by-side view (findRecordsForStaffReview), so a
// consumer never fails online where staff would see a match
// (docs/legal-rules.md#matching); only the names of the points that matched
// leave it, never which ones failed.

import type { Transaction } from '../../db/client.js';
import type { RequestSubject } from '../../db/generated/client.js';
import { compareIdentity } from '../../domain/identity-matching.js';
import type { DataPoint } from '../../domain/request-types.js';
import { findCustomers } from './customers-repo.js';
import { identityOfCustomer, identityOfSubject } from './customer-identity.js';
import { lookupsFor } from './customer-lookups.js';

const MAX_CANDIDATES = 20;

/**
 * The data points of the best-matching customer record: candidates are found
 * by the identifiers that single out a record, then compared point by point.
 */
export async function matchRecordsAutomatically(
  tx: Transaction,
  subject: RequestSubject,
  evidence: { emailControlProven: boolean },
): Promise<DataPoint[]> {
  const given = identityOfSubject(subject, evidence);
  const candidates = await findCustomers(tx, lookupsFor(given), MAX_CANDIDATES);
  let best: DataPoint[] = [];
  for (const customer of candidates) {
    const { matched } = compareIdentity(given, identityOfCustomer(customer));
    if (matched.length > best.length) best = matched;
  }
  return best;
}
