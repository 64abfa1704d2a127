import { Temporal } from 'temporal-polyfill';
import {
  addBusinessDays,
  DEFAULT_BUSINESS_CALENDAR,
  describeCalendar,
  firstBusinessDayOnOrAfter,
  type BusinessCalendar,
} from './business-calendar.js';
import { receiptDateOf } from './business-date.js';
import { RuleConflictError, unreachable } from './errors.js';
import type { RequestType } from './request-types.js';

/** Every number behind a deadline (docs/legal-rules.md#clocks); configuration-backed, shipped as below. */
export interface DeadlinePolicy {
  calendar: BusinessCalendar;
  consumerRightsAcknowledgeBusinessDays: number;
  consumerRightsRespondCalendarDays: number;
  consumerRightsExtensionCalendarDays: number;
  optOutBusinessDays: number;
  limitBusinessDays: number;
  nevadaRespondCalendarDays: number;
  nevadaExtensionCalendarDays: number;
  shineTheLightDesignatedAddressCalendarDays: number;
  shineTheLightOtherCalendarDays: number;
  shineTheLightSuppressionBusinessDays: number;
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  calendar: DEFAULT_BUSINESS_CALENDAR,
  consumerRightsAcknowledgeBusinessDays: 10, // Regs 7021(a)
  consumerRightsRespondCalendarDays: 45, // Regs 7021(b); Civ. 1798.130(a)(2)(A)
  consumerRightsExtensionCalendarDays: 45, // Regs 7021(b): once, 90 days in total
  optOutBusinessDays: 15, // Regs 7026(f)
  limitBusinessDays: 15, // Regs 7027(g)
  nevadaRespondCalendarDays: 60, // NRS 603A.345(4)
  nevadaExtensionCalendarDays: 30, // NRS 603A.345(4): one extension of up to 30 days
  shineTheLightDesignatedAddressCalendarDays: 30, // Civ. 1798.83(b)
  shineTheLightOtherCalendarDays: 150, // Civ. 1798.83(b): "at most 150 days"
  // Civ. 1798.83(c)(2) sets no period for the opt-out it lets a business offer: the product
  // applies it at once and gives it the opt-out's outer limit, Regs 7026(f) (conservative reading).
  shineTheLightSuppressionBusinessDays: 15,
};

interface DeadlineInput {
  type: RequestType;
  receivedAt: Date;
  extended: boolean;
  /** Shine the Light only; when not recorded, the shorter clock applies (conservative reading). */
  receivedAtDesignatedAddress?: boolean;
}

export interface Deadlines {
  /** YYYY-MM-DD in the calendar's time zone; day 1 of every calendar-day clock. */
  receiptDate: string;
  /** know/delete/correct only (Regs 7021(a)). */
  acknowledgeBy: string | null;
  /** The current due date: the extended one once the request is extended. */
  respondBy: string;
  /** What respondBy becomes if extended; null when the type cannot be extended. */
  extendedRespondBy: string | null;
  extended: boolean;
  explanations: { acknowledgeBy?: string; respondBy: string; extendedRespondBy?: string };
}

interface Clock {
  days: number;
  unit: 'calendar' | 'business';
  /** The rule and citation, as staff read it: "under Regs 7021(a)". */
  rule: string;
}

const calendarDays = (days: number, rule: string): Clock => ({ days, unit: 'calendar', rule });
const businessDays = (days: number, rule: string): Clock => ({ days, unit: 'business', rule });

interface Clocks {
  acknowledge: Clock | null;
  respond: Clock;
  extended: Clock | null;
}

/** Calendar days one extension adds, or null when the law allows none (docs/legal-rules.md#extensions). */
export function extensionDays(
  type: RequestType,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): number | null {
  switch (type) {
    case 'know':
    case 'delete':
    case 'correct':
      return policy.consumerRightsExtensionCalendarDays;
    case 'nv_opt_out':
      return policy.nevadaExtensionCalendarDays;
    case 'opt_out':
    case 'limit':
    case 'stl_disclosure':
    case 'stl_suppression':
      return null;
    default:
      return unreachable(type);
  }
}

export function canExtend(type: RequestType, policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY): boolean {
  return extensionDays(type, policy) !== null;
}

function clocksFor(input: DeadlineInput, policy: DeadlinePolicy): Clocks {
  const { type } = input;
  switch (type) {
    case 'know':
    case 'delete':
    case 'correct': {
      const respond = policy.consumerRightsRespondCalendarDays;
      const extension = policy.consumerRightsExtensionCalendarDays;
      return {
        acknowledge: businessDays(policy.consumerRightsAcknowledgeBusinessDays, 'under Regs 7021(a)'),
        respond: calendarDays(
          respond,
          'under Regs 7021(b) and Civ. 1798.130(a)(2)(A), whatever verification takes',
        ),
        extended: calendarDays(
          respond + extension,
          `under Regs 7021(b): ${respond} days plus one ${extension}-day extension, ` +
            `with notice and reason sent before the first ${respond} days end`,
        ),
      };
    }
    case 'opt_out':
      return {
        acknowledge: null,
        respond: businessDays(policy.optOutBusinessDays, 'to take effect under Regs 7026(f)'),
        extended: null,
      };
    case 'limit':
      return {
        acknowledge: null,
        respond: businessDays(policy.limitBusinessDays, 'to take effect under Regs 7027(g)'),
        extended: null,
      };
    case 'nv_opt_out': {
      const respond = policy.nevadaRespondCalendarDays;
      const extension = policy.nevadaExtensionCalendarDays;
      return {
        acknowledge: null,
        respond: calendarDays(respond, 'under NRS 603A.345(4)'),
        extended: calendarDays(
          respond + extension,
          `under NRS 603A.345(4): ${respond} days plus one extension of up to ${extension} days, ` +
            'with notice',
        ),
      };
    }
    case 'stl_disclosure':
      return {
        acknowledge: null,
        respond: shineTheLightClock(input.receivedAtDesignatedAddress, policy),
        extended: null,
      };
    case 'stl_suppression':
      return {
        acknowledge: null,
        respond: businessDays(
          policy.shineTheLightSuppressionBusinessDays,
          'to take effect under Civ. 1798.83(c)(2), which sets no period; ' +
            'the opt-out period of Regs 7026(f) applies (conservative reading)',
        ),
        extended: null,
      };
    default:
      return unreachable(type);
  }
}

function shineTheLightClock(designatedAddress: boolean | undefined, policy: DeadlinePolicy): Clock {
  if (designatedAddress === false) {
    return calendarDays(
      policy.shineTheLightOtherCalendarDays,
      'under Civ. 1798.83(b), as the request did not arrive at a designated address',
    );
  }
  return calendarDays(
    policy.shineTheLightDesignatedAddressCalendarDays,
    designatedAddress
      ? 'under Civ. 1798.83(b), as the request arrived at a designated address'
      : 'under Civ. 1798.83(b); whether the request arrived at a designated address ' +
          'is not recorded, so the shorter clock applies (conservative reading)',
  );
}

interface DueDate {
  date: string;
  explanation: string;
}

const DUE_DATE_MEMO_LIMIT = 2_000;
const dueDates = new Map<string, Readonly<DueDate>>();

/**
 * The receipt date is day 1 when it is a day of the kind counted (Regs 7021(b); docs/legal-rules.md#counting-days):
 * N calendar days end on receipt + (N - 1); N business days on the Nth business day from day 1.
 */
function dueDate(action: string, clock: Clock, receiptDate: string, calendar: BusinessCalendar): DueDate {
  // Pure, and the same few keys recur all day: every submission asks (bench/intake.ts).
  const key = JSON.stringify([action, clock, receiptDate, calendar]);
  const known = dueDates.get(key);
  if (known !== undefined) return known;
  const due = countDueDate(action, clock, receiptDate, calendar);
  if (dueDates.size >= DUE_DATE_MEMO_LIMIT) dueDates.clear();
  dueDates.set(key, due);
  return due;
}

function countDueDate(
  action: string,
  clock: Clock,
  receiptDate: string,
  calendar: BusinessCalendar,
): DueDate {
  if (clock.unit === 'calendar') {
    const date = Temporal.PlainDate.from(receiptDate)
      .add({ days: clock.days - 1 })
      .toString();
    return {
      date,
      explanation:
        `${action} ${date}: ${clock.days} calendar days ${clock.rule}. ` +
        `Day 1 is the receipt date ${receiptDate}, so day ${clock.days} is ${date}. ` +
        'Calendar days, not rolled forward over weekends or holidays (conservative reading).',
    };
  }
  const dayOne = firstBusinessDayOnOrAfter(receiptDate, calendar);
  const date = addBusinessDays(dayOne, clock.days - 1, calendar);
  const dayOneReason =
    dayOne === receiptDate
      ? `the receipt date ${dayOne} (conservative reading: the clock starts on the day of receipt)`
      : `${dayOne}, the first business day after the receipt date ${receiptDate}`;
  return {
    date,
    explanation:
      `${action} ${date}: ${clock.days} business days ${clock.rule}. ` +
      `Day 1 is ${dayOneReason}, so business day ${clock.days} is ${date}. ` +
      describeCalendar(calendar),
  };
}

/** The due dates of one request, each with a sentence telling staff how it was counted (§2). */
export function computeDeadlines(input: DeadlineInput, policy: DeadlinePolicy): Deadlines {
  const clocks = clocksFor(input, policy);
  if (input.extended && clocks.extended === null) {
    throw new RuleConflictError(
      'REQUEST.EXTENSION_NOT_ALLOWED',
      `A ${input.type} request cannot be extended`,
      { type: input.type },
    );
  }
  const { calendar } = policy;
  const receiptDate = receiptDateOf(input.receivedAt, calendar.timeZone);
  const acknowledge =
    clocks.acknowledge && dueDate('Confirm receipt by', clocks.acknowledge, receiptDate, calendar);
  const extended =
    clocks.extended && dueDate('If extended, respond by', clocks.extended, receiptDate, calendar);
  const respond =
    input.extended && clocks.extended
      ? dueDate('Respond by (extended)', clocks.extended, receiptDate, calendar)
      : dueDate('Respond by', clocks.respond, receiptDate, calendar);
  return {
    receiptDate,
    acknowledgeBy: acknowledge?.date ?? null,
    respondBy: respond.date,
    extendedRespondBy: extended?.date ?? null,
    extended: input.extended,
    explanations: {
      ...(acknowledge && { acknowledgeBy: acknowledge.explanation }),
      respondBy: respond.explanation,
      ...(extended && { extendedRespondBy: extended.explanation }),
    },
  };
}
