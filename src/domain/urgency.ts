// How near a request is to its response deadline, as the console shows it.
// Dates are calendar dates in the business time zone
// (docs/legal-rules.md#receipt-date-and-time-zone).

import { Temporal } from 'temporal-polyfill';
import { isOpen, type RequestStatus } from './lifecycle/index.js';

/** A request is "due soon" within this many days, today included. */
export const DUE_SOON_DAYS = 7;

export interface DueStatus {
  /** Negative when overdue. */
  daysLeft: number;
  urgency: 'overdue' | 'due_soon' | 'on_track' | 'closed';
}

const DAY_MILLISECONDS = 86_400_000;

export function dueStatusOf(status: RequestStatus, respondBy: string, today: string): DueStatus {
  // A YYYY-MM-DD date parses as its UTC midnight, so two are whole days apart: cheap
  // enough for every row of a queue page, where Temporal's parsing is not.
  const daysLeft = (Date.parse(respondBy) - Date.parse(today)) / DAY_MILLISECONDS;
  if (!isOpen(status)) return { daysLeft, urgency: 'closed' };
  if (daysLeft < 0) return { daysLeft, urgency: 'overdue' };
  return { daysLeft, urgency: daysLeft < DUE_SOON_DAYS ? 'due_soon' : 'on_track' };
}

export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}
