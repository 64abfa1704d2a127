import { Temporal } from 'temporal-polyfill';

/**
 * The calendar date, in the business time zone, on which an instant falls.
 * Every clock starts from this date (docs/legal-rules.md#receipt-date-and-time-zone: "the receipt date is the
 * calendar date the request arrived there").
 */
export function businessDateOf(instant: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

/** California's time zone: a California consumer's request is never dated later than it is there. */
const PACIFIC_TIME = 'America/Los_Angeles';

/**
 * The receipt date every clock counts from: the earlier of the dates in the
 * business time zone and in Pacific time, so that a business east of California
 * never dates a California consumer's request a day late
 * (docs/legal-rules.md#receipt-date-and-time-zone).
 */
export function receiptDateOf(instant: Date, businessTimeZone: string): string {
  const business = businessDateOf(instant, businessTimeZone);
  const pacific = businessDateOf(instant, PACIFIC_TIME);
  return pacific < business ? pacific : business;
}
