// A message in the triage inbox is not yet a request of any type, but its
// clock runs from its arrival (docs/legal-rules.md#email-requests): until an
// officer decides, it is due by the earliest date any request type would be.

import { computeDeadlines, type DeadlinePolicy } from './deadlines.js';
import { REQUEST_TYPES } from './request-types.js';

/** YYYY-MM-DD: the earliest respond-by date of every request type received at `receivedAt`. */
export function earliestRespondBy(receivedAt: Date, policy: DeadlinePolicy): string {
  const dates = REQUEST_TYPES.map(
    (type) => computeDeadlines({ type, receivedAt, extended: false }, policy).respondBy,
  );
  return dates.reduce((earliest, date) => (date < earliest ? date : earliest));
}
