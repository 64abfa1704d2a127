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
