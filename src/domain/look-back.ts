// The period a response to a request to know covers (docs/legal-rules.md#know-responses):
// the 12 months before receipt, or back to 1 January 2022 when the consumer asks
// for more (Civ. 1798.130(a)(2)(B)). Pure: dates are YYYY-MM-DD.

import { Temporal } from 'temporal-polyfill';

/** Civ. 1798.130(a)(2)(B): information collected on or after 1 January 2022 only. */
const EARLIEST_COVERED_DATE = '2022-01-01';

export interface LookBackWindow {
  /** The first day covered. */
  readonly from: string;
  /** The receipt date: the last day covered. */
  readonly to: string;
  /** Where a consumer asked for more, the part before the 12 months that the business may refuse only with Regs 7024(h)'s explanation. */
  readonly beyond12MonthsFrom: string | null;
}

export function lookBackWindowOf(receiptDate: string, beyond12Months: boolean): LookBackWindow {
  const twelveMonthsBefore = Temporal.PlainDate.from(receiptDate).subtract({ months: 12 }).toString();
  if (!beyond12Months) return { from: twelveMonthsBefore, to: receiptDate, beyond12MonthsFrom: null };
  const from = EARLIEST_COVERED_DATE < twelveMonthsBefore ? EARLIEST_COVERED_DATE : twelveMonthsBefore;
  return { from, to: receiptDate, beyond12MonthsFrom: from < twelveMonthsBefore ? from : null };
}
