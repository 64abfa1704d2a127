// When a request still unverified is closed (docs/legal-rules.md#when-the-requester-cannot-be-verified):
// at the end of the verification window, and never after its current due date,
// so that the closure notice reaches the requester within the response period
// (Regs 7022(a), 7024(b); Civ. 1798.130(a)(2)(A)).

import { Temporal } from 'temporal-polyfill';

/** The sample business gives requesters 30 days from receipt to verify. */
export const DEFAULT_VERIFICATION_WINDOW_DAYS = 30;

/** YYYY-MM-DD: the first day the system may close the request as unverified. */
export function unverifiedClosingDate(receiptDate: string, respondBy: string, windowDays: number): string {
  const windowEnds = Temporal.PlainDate.from(receiptDate).add({ days: windowDays }).toString();
  // Closed on the due date at the latest: a closure notice sent that day is still on time.
  return windowEnds < respondBy ? windowEnds : respondBy;
}
