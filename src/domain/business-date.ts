/**
 * The calendar date, in the business time zone, on which an instant falls.
 * Every clock starts from this date (docs/legal-rules.md#receipt-date-and-time-zone: "the receipt date is the
 * calendar date the request arrived there").
 */
export function businessDateOf(instant: Date, timeZone: string): string {
  return isoDateFormatIn(timeZone).format(instant);
}

/**
 * Intl rather than Temporal here: every decision dates itself, and one formatter per zone,
 * kept, costs a small fraction of converting through Temporal each time (bench/fulfilment.ts).
 * The en-CA short date is ISO's YYYY-MM-DD.
 */
const isoDateFormats = new Map<string, Intl.DateTimeFormat>();

function isoDateFormatIn(timeZone: string): Intl.DateTimeFormat {
  let format = isoDateFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    isoDateFormats.set(timeZone, format);
  }
  return format;
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
