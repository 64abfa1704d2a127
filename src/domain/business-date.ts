import { Temporal } from 'temporal-polyfill';

/**
 * The calendar date, in the business time zone, on which an instant falls.
 * Every clock starts from this date (LEGAL-RULES §2: "the receipt date is the
 * calendar date the request arrived there").
 */
export function businessDateOf(instant: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}
