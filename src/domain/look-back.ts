// The period a response to a request to know covers (docs/legal-rules.md#know-responses):
// the 12 months before receipt, or back to 1 January 2022 when the consumer asks
// for more (Civ. 1798.130(a)(2)(B)), and refusing the part before the 12 months
// with the explanation Regs 7024(h) requires. Pure: dates are YYYY-MM-DD.

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
  const twelveMonthsBefore = twelveMonthsBeforeOf(receiptDate);
  if (!beyond12Months) return { from: twelveMonthsBefore, to: receiptDate, beyond12MonthsFrom: null };
  const from = EARLIEST_COVERED_DATE < twelveMonthsBefore ? EARLIEST_COVERED_DATE : twelveMonthsBefore;
  return { from, to: receiptDate, beyond12MonthsFrom: from < twelveMonthsBefore ? from : null };
}

function twelveMonthsBeforeOf(receiptDate: string): string {
  return Temporal.PlainDate.from(receiptDate).subtract({ months: 12 }).toString();
}

/** Regs 7024(h): the only grounds on which the part before the 12 months may be refused. */
export const OLDER_DATA_REFUSAL_GROUNDS = ['impossible', 'disproportionate_effort'] as const;
export type OlderDataRefusalGround = (typeof OLDER_DATA_REFUSAL_GROUNDS)[number];

/**
 * Regs 7024(h): the business "shall not simply state" that it is impossible or
 * disproportionate; it gives facts enough for a meaningful understanding of why.
 * A floor on the length keeps a bare "impossible" out; the officer writes the facts.
 */
export const OLDER_DATA_EXPLANATION_MIN_LENGTH = 60;

/** The part of a request to know refused under Regs 7024(h), told to the consumer with the response. */
export interface OlderDataRefusal {
  readonly ground: OlderDataRefusalGround;
  /** The facts, in the officer's words, told to the consumer. */
  readonly explanation: string;
  /** The first and last day refused: the days asked for before the 12 months. */
  readonly from: string;
  readonly until: string;
}

/** The days before the 12 months that the consumer asked for, or null when they asked for none. */
export function refusableOlderPeriodOf(
  receiptDate: string,
  beyond12Months: boolean,
): { from: string; until: string } | null {
  const { beyond12MonthsFrom } = lookBackWindowOf(receiptDate, beyond12Months);
  if (beyond12MonthsFrom === null) return null;
  const until = Temporal.PlainDate.from(twelveMonthsBeforeOf(receiptDate)).subtract({ days: 1 }).toString();
  return { from: beyond12MonthsFrom, until };
}
