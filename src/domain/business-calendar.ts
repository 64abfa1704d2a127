import { Temporal } from 'temporal-polyfill';
import { unreachable } from './errors.js';

/**
 * The calendar that business-day clocks count on (docs/legal-rules.md#business-calendar):
 * Monday to Friday, minus the observed US federal holidays, minus company closures.
 */
export interface BusinessCalendar {
  /** Shown beside every date it produced: closures move dates later, so staff see which applied. */
  name: string;
  /** IANA zone whose calendar date is the receipt date (docs/legal-rules.md#receipt-date-and-time-zone). */
  timeZone: string;
  /** Company closures (YYYY-MM-DD) from configuration; they only move business-day dates later. */
  extraClosures: readonly string[];
}

interface Holiday {
  name: string;
  /** The date the statute names, e.g. 2022-01-01. */
  actualDate: string;
  /** The day off when the actual date is a weekend, e.g. 2021-12-31. */
  observedDate: string;
}

/** The calendar the sample business ships with: a California business, no closures configured. */
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = {
  name: 'US federal holidays (Pacific time)',
  timeZone: 'America/Los_Angeles',
  extraClosures: [],
};

// ISO weekday numbers, as Temporal.PlainDate#dayOfWeek reports them.
const MONDAY = 1;
const THURSDAY = 4;
const FRIDAY = 5;
const SATURDAY = 6;
const SUNDAY = 7;

type HolidayRule = { name: string; month: number; firstYear?: number } & (
  | { kind: 'fixed_date'; day: number }
  | { kind: 'nth_weekday'; weekday: number; week: number }
  | { kind: 'last_weekday'; weekday: number }
);

/** The 11 legal public holidays of 5 U.S.C. 6103(a). */
const FEDERAL_HOLIDAY_RULES: readonly HolidayRule[] = [
  { name: "New Year's Day", kind: 'fixed_date', month: 1, day: 1 },
  {
    name: 'Birthday of Martin Luther King, Jr.',
    kind: 'nth_weekday',
    month: 1,
    weekday: MONDAY,
    week: 3,
  },
  { name: "Washington's Birthday", kind: 'nth_weekday', month: 2, weekday: MONDAY, week: 3 },
  { name: 'Memorial Day', kind: 'last_weekday', month: 5, weekday: MONDAY },
  // Added by the Juneteenth National Independence Day Act, Pub. L. 117-17 (17 June 2021).
  {
    name: 'Juneteenth National Independence Day',
    kind: 'fixed_date',
    month: 6,
    day: 19,
    firstYear: 2021,
  },
  { name: 'Independence Day', kind: 'fixed_date', month: 7, day: 4 },
  { name: 'Labor Day', kind: 'nth_weekday', month: 9, weekday: MONDAY, week: 1 },
  { name: 'Columbus Day', kind: 'nth_weekday', month: 10, weekday: MONDAY, week: 2 },
  { name: 'Veterans Day', kind: 'fixed_date', month: 11, day: 11 },
  { name: 'Thanksgiving Day', kind: 'nth_weekday', month: 11, weekday: THURSDAY, week: 4 },
  { name: 'Christmas Day', kind: 'fixed_date', month: 12, day: 25 },
];

function actualDateOf(rule: HolidayRule, year: number): Temporal.PlainDate {
  switch (rule.kind) {
    case 'fixed_date':
      return Temporal.PlainDate.from({ year, month: rule.month, day: rule.day });
    case 'nth_weekday': {
      const first = Temporal.PlainDate.from({ year, month: rule.month, day: 1 });
      const daysToWeekday = (rule.weekday - first.dayOfWeek + 7) % 7;
      return first.add({ days: daysToWeekday + 7 * (rule.week - 1) });
    }
    case 'last_weekday': {
      const first = Temporal.PlainDate.from({ year, month: rule.month, day: 1 });
      const last = first.with({ day: first.daysInMonth });
      const daysBackToWeekday = (last.dayOfWeek - rule.weekday + 7) % 7;
      return last.subtract({ days: daysBackToWeekday });
    }
    default:
      return unreachable(rule);
  }
}

/** 5 U.S.C. 6103(b), E.O. 11582: a Saturday holiday is observed Friday, a Sunday one Monday. */
function observedDateOf(actual: Temporal.PlainDate): Temporal.PlainDate {
  if (actual.dayOfWeek === SATURDAY) return actual.subtract({ days: 1 });
  if (actual.dayOfWeek === SUNDAY) return actual.add({ days: 1 });
  return actual;
}

/**
 * The rules are fixed, so each year's holidays and each computed date are kept:
 * every submission counts business days, and recomputing them with Temporal on
 * every request cost about a millisecond of CPU (bench/intake.ts). Results are
 * immutable values keyed by everything they depend on; the caches are bounded.
 */
const MEMO_LIMIT = 2_000;

function remember<Key, Value>(memo: Map<Key, Value>, key: Key, compute: () => Value): Value {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

const holidaysByYear = new Map<number, readonly Holiday[]>();
const observedHolidaysByYear = new Map<number, ReadonlySet<string>>();
const businessDayResults = new Map<string, string>();

/** The federal holidays whose actual date falls in `year`, generated from the rule table. */
export function holidaysIn(year: number): readonly Holiday[] {
  if (!Number.isInteger(year)) throw new RangeError(`Expected a whole year, got ${year}`);
  return remember(holidaysByYear, year, () =>
    Object.freeze(
      FEDERAL_HOLIDAY_RULES.filter((rule) => rule.firstYear === undefined || year >= rule.firstYear).map(
        (rule) => {
          const actual = actualDateOf(rule, year);
          return Object.freeze({
            name: rule.name,
            actualDate: actual.toString(),
            observedDate: observedDateOf(actual).toString(),
          });
        },
      ),
    ),
  );
}

/** Observed holiday dates that can fall in `year`. */
function observedHolidaysAround(year: number): ReadonlySet<string> {
  return remember(observedHolidaysByYear, year, () => {
    // Next year's New Year's Day on a Saturday is observed on 31 December of this year.
    const candidates = [...holidaysIn(year), ...holidaysIn(year + 1)];
    return new Set(candidates.map((holiday) => holiday.observedDate));
  });
}

function isObservedHoliday(day: Temporal.PlainDate): boolean {
  return observedHolidaysAround(day.year).has(day.toString());
}

function parseDate(text: string): Temporal.PlainDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    throw new RangeError(`Expected a YYYY-MM-DD date, got "${text}"`);
  }
  return Temporal.PlainDate.from(text);
}

/** Parsed on every computation so a malformed configured closure fails loudly instead of being ignored. */
function closuresOf(calendar: BusinessCalendar): ReadonlySet<string> {
  return new Set(calendar.extraClosures.map((closure) => parseDate(closure).toString()));
}

/** What a business-day result depends on besides its arguments: the closures (the zone plays no part). */
function memoKey(operation: string, date: string, calendar: BusinessCalendar, count = 0): string {
  return JSON.stringify([operation, date, count, calendar.extraClosures]);
}

function isOpen(day: Temporal.PlainDate, closures: ReadonlySet<string>): boolean {
  return day.dayOfWeek <= FRIDAY && !isObservedHoliday(day) && !closures.has(day.toString());
}

export function isBusinessDay(date: string, calendar: BusinessCalendar): boolean {
  return isOpen(parseDate(date), closuresOf(calendar));
}

/** `date` itself when it is a business day, otherwise the next business day after it. */
export function firstBusinessDayOnOrAfter(date: string, calendar: BusinessCalendar): string {
  return remember(businessDayResults, memoKey('first', date, calendar), () => {
    const closures = closuresOf(calendar);
    let day = parseDate(date);
    while (!isOpen(day, closures)) day = day.add({ days: 1 });
    return day.toString();
  });
}

/** The business day `count` business days after `date` (not counting `date`; 0 returns `date`). */
export function addBusinessDays(date: string, count: number, calendar: BusinessCalendar): string {
  return stepBusinessDays(date, count, calendar, 1);
}

/** The business day `count` business days before `date` (not counting `date`; 0 returns `date`). */
export function subtractBusinessDays(date: string, count: number, calendar: BusinessCalendar): string {
  return stepBusinessDays(date, count, calendar, -1);
}

function stepBusinessDays(date: string, count: number, calendar: BusinessCalendar, step: 1 | -1): string {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`Expected a whole, non-negative number of business days, got ${count}`);
  }
  return remember(businessDayResults, memoKey(step === 1 ? 'add' : 'subtract', date, calendar, count), () => {
    const closures = closuresOf(calendar);
    let day = parseDate(date);
    for (let counted = 0; counted < count;) {
      day = day.add({ days: step });
      if (isOpen(day, closures)) counted += 1;
    }
    return day.toString();
  });
}

/** One sentence for staff naming the calendar behind a business-day date (docs/legal-rules.md#business-calendar). */
export function describeCalendar(calendar: BusinessCalendar): string {
  const closureCount = calendar.extraClosures.length;
  const closures = `${closureCount} company ${closureCount === 1 ? 'closure' : 'closures'}`;
  return (
    `Calendar "${calendar.name}" (${calendar.timeZone}): business days are Monday–Friday ` +
    `minus observed US federal holidays (5 U.S.C. 6103) and ${closures}; ` +
    'California-only holidays count as business days (conservative reading).'
  );
}
