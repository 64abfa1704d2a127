import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  DEFAULT_BUSINESS_CALENDAR,
  describeCalendar,
  firstBusinessDayOnOrAfter,
  holidaysIn,
  isBusinessDay,
  subtractBusinessDays,
  type BusinessCalendar,
} from './business-calendar.js';

const calendar = DEFAULT_BUSINESS_CALENDAR;

describe('holidaysIn', () => {
  // Observed dates as published by OPM (opm.gov, "Federal Holidays"), in statute order.
  it.each([
    [
      2026,
      [
        '2026-01-01',
        '2026-01-19',
        '2026-02-16',
        '2026-05-25',
        '2026-06-19',
        '2026-07-03',
        '2026-09-07',
        '2026-10-12',
        '2026-11-11',
        '2026-11-26',
        '2026-12-25',
      ],
    ],
    [
      2027,
      [
        '2027-01-01',
        '2027-01-18',
        '2027-02-15',
        '2027-05-31',
        '2027-06-18',
        '2027-07-05',
        '2027-09-06',
        '2027-10-11',
        '2027-11-11',
        '2027-11-25',
        '2027-12-24',
      ],
    ],
  ])('given %i, when generated, then the 11 observed dates match OPM', (year, observed) => {
    expect(holidaysIn(year).map((holiday) => holiday.observedDate)).toEqual(observed);
  });

  it.each([
    ["New Year's Day", 2022, '2022-01-01', '2021-12-31'],
    ["New Year's Day", 2023, '2023-01-01', '2023-01-02'],
    ['Birthday of Martin Luther King, Jr.', 2026, '2026-01-19', '2026-01-19'],
    ['Memorial Day', 2027, '2027-05-31', '2027-05-31'],
    ['Juneteenth National Independence Day', 2021, '2021-06-19', '2021-06-18'],
    ['Juneteenth National Independence Day', 2027, '2027-06-19', '2027-06-18'],
    ['Independence Day', 2026, '2026-07-04', '2026-07-03'],
    ['Independence Day', 2027, '2027-07-04', '2027-07-05'],
    ['Veterans Day', 2028, '2028-11-11', '2028-11-10'],
    ['Thanksgiving Day', 2026, '2026-11-26', '2026-11-26'],
    ['Christmas Day', 2027, '2027-12-25', '2027-12-24'],
  ])('given %s %i, then it falls on %s and is observed %s', (name, year, actual, observed) => {
    const holiday = holidaysIn(year).find((candidate) => candidate.name === name);
    expect(holiday).toEqual({ name, actualDate: actual, observedDate: observed });
  });

  it('given a year before 2021, then Juneteenth is not yet a holiday', () => {
    const names = holidaysIn(2020).map((holiday) => holiday.name);
    expect(names).toHaveLength(10);
    expect(names).not.toContain('Juneteenth National Independence Day');
    expect(holidaysIn(2021)).toHaveLength(11);
  });

  it('given a fractional year, then it refuses', () => {
    expect(() => holidaysIn(2026.5)).toThrow(RangeError);
  });
});

describe('isBusinessDay', () => {
  it.each([
    ['2021-12-31', false, "Friday observing Saturday New Year's Day 2022"],
    ['2022-01-03', true, 'Monday after a Saturday New Year'],
    ['2023-01-02', false, "Monday observing Sunday New Year's Day 2023"],
    ['2027-12-31', false, "Friday observing Saturday New Year's Day 2028"],
    ['2022-12-26', false, 'Monday observing Sunday Christmas 2022'],
    ['2026-12-24', true, 'Christmas Eve'],
    ['2026-12-25', false, 'Christmas'],
    ['2026-01-19', false, 'Martin Luther King Jr. Day'],
    ['2026-07-03', false, 'Friday observing Saturday Independence Day'],
    ['2026-07-04', false, 'Saturday'],
    ['2026-07-06', true, 'Monday after Independence Day'],
    ['2026-11-26', false, 'Thanksgiving'],
    ['2026-11-27', true, 'day after Thanksgiving (California-only holiday)'],
    ['2026-03-31', true, 'César Chávez Day (California-only holiday)'],
    ['2026-06-19', false, 'Juneteenth'],
    ['2020-06-19', true, 'Juneteenth before it became a federal holiday'],
    ['2021-06-18', false, 'Friday observing Saturday Juneteenth 2021'],
    ['2026-03-07', false, 'Saturday'],
    ['2026-03-08', false, 'Sunday'],
    ['2026-03-09', true, 'Monday'],
    ['2028-02-29', true, 'leap day, a Tuesday'],
  ])('given %s, then business day is %s (%s)', (date, expected) => {
    expect(isBusinessDay(date, calendar)).toBe(expected);
  });

  it('given a company closure, then that weekday is not a business day', () => {
    const closed: BusinessCalendar = { ...calendar, extraClosures: ['2026-11-27'] };
    expect(isBusinessDay('2026-11-27', closed)).toBe(false);
  });

  it.each(['2026-3-1', '2026-02-30', '01/03/2026', ''])('given %j, then it refuses', (date) => {
    expect(() => isBusinessDay(date, calendar)).toThrow(RangeError);
  });

  it('given a malformed configured closure, then it refuses instead of ignoring it', () => {
    const misconfigured: BusinessCalendar = { ...calendar, extraClosures: ['2026-11-27x'] };
    expect(() => isBusinessDay('2026-11-30', misconfigured)).toThrow(RangeError);
  });
});

describe('addBusinessDays', () => {
  // Rows: from, business days to add, expected date, why (a table like the holidays' above).
  it.each([
    ['2026-03-02', 0, '2026-03-02', 'zero days'],
    ['2026-03-06', 1, '2026-03-09', 'over a weekend'],
    ['2026-11-25', 1, '2026-11-27', 'over Thanksgiving'],
    ['2026-12-24', 1, '2026-12-28', 'over Christmas and a weekend'],
    ['2026-12-31', 1, '2027-01-04', 'over New Year and the year boundary'],
    ['2021-12-30', 1, '2022-01-03', "over Friday 31 December observing New Year's Day 2022"],
    ['2026-06-18', 1, '2026-06-22', 'over Juneteenth'],
    ['2026-07-02', 1, '2026-07-06', 'over observed Independence Day'],
    ['2028-02-28', 1, '2028-02-29', 'onto a leap day'],
    ['2026-12-18', 14, '2027-01-11', 'fifteen business days over Christmas and New Year'],
  ])('given %s plus %i, then %s (%s)', (date, count, expected) => {
    expect(addBusinessDays(date, count, calendar)).toBe(expected);
  });

  it('given a company closure on the target day, then the result moves later', () => {
    const closed: BusinessCalendar = { ...calendar, extraClosures: ['2026-11-27'] };
    expect(addBusinessDays('2026-11-25', 1, calendar)).toBe('2026-11-27');
    expect(addBusinessDays('2026-11-25', 1, closed)).toBe('2026-11-30');
  });

  it.each([-1, 1.5])('given %s days, then it refuses', (count) => {
    expect(() => addBusinessDays('2026-03-02', count, calendar)).toThrow(RangeError);
  });
});

describe('subtractBusinessDays', () => {
  // Rows: from, business days to go back, expected date, why.
  it.each([
    ['2026-03-02', 0, '2026-03-02', 'zero days'],
    ['2026-03-09', 1, '2026-03-06', 'back over a weekend'],
    ['2026-11-27', 1, '2026-11-25', 'back over Thanksgiving'],
    ['2027-01-04', 1, '2026-12-31', 'back over New Year and the year boundary'],
    ['2027-01-11', 14, '2026-12-18', 'fifteen business days back over Christmas and New Year'],
  ])('given %s minus %i, then %s (%s)', (date, count, expected) => {
    expect(subtractBusinessDays(date, count, calendar)).toBe(expected);
  });

  it('given a company closure on the way back, then it is skipped', () => {
    const closed: BusinessCalendar = { ...calendar, extraClosures: ['2026-11-25'] };
    expect(subtractBusinessDays('2026-11-27', 1, closed)).toBe('2026-11-24');
  });

  it.each([-1, 1.5])('given %s days, then it refuses', (count) => {
    expect(() => subtractBusinessDays('2026-03-02', count, calendar)).toThrow(RangeError);
  });
});

describe('firstBusinessDayOnOrAfter', () => {
  it.each([
    ['2026-03-02', '2026-03-02', 'a business day is its own first business day'],
    ['2026-07-03', '2026-07-06', 'observed holiday, Saturday, Sunday'],
    ['2021-12-31', '2022-01-03', 'observed New Year across the year boundary'],
  ])('given %s, then %s (%s)', (date, expected) => {
    expect(firstBusinessDayOnOrAfter(date, calendar)).toBe(expected);
  });
});

describe('describeCalendar', () => {
  it('given a calendar with closures, then it names the calendar, its rule and the closure count', () => {
    const closed: BusinessCalendar = { ...calendar, extraClosures: ['2026-11-27', '2026-12-24'] };
    expect(describeCalendar(closed)).toBe(
      'Calendar "US federal holidays (Pacific time)" (America/Los_Angeles): business days are ' +
        'Monday–Friday minus observed US federal holidays (5 U.S.C. 6103) and 2 company closures; ' +
        'California-only holidays count as business days (conservative reading).',
    );
  });
});
