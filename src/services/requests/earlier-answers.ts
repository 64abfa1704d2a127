// What the records show about earlier answers to the same consumer, counted
// when a request arrives so that the decider can refuse a denial the records
// do not support: Shine the Light once per calendar year (Civ. 1798.83(b)),
// requests to know twice in 12 months (Civ. 1798.130(b)). The consumer is
// recognised by any email, phone or account number they share with the
// earlier request.

import { Temporal } from 'temporal-polyfill';
import type { Database } from '../../db/client.js';
import { normalizeAccountNumber, normalizeEmail } from '../../domain/identity-matching.js';
import type { RequestType } from '../../domain/request-types.js';
import { countAnsweredRequestsOfConsumer } from './requests-repo.js';

interface EarlierAnswersQuery {
  type: RequestType;
  subject: {
    email?: string | undefined;
    phone?: string | undefined;
    accountNumber?: string | undefined;
  } | null;
  /** YYYY-MM-DD in the business time zone. */
  receiptDate: string;
  timeZone: string;
}

interface EarlierAnswers {
  priorRequestThisCalendarYear: boolean;
  knowResponsesInPrior12Months: number;
}

const startOfDay = (date: Temporal.PlainDate, timeZone: string) =>
  new Date(date.toZonedDateTime(timeZone).epochMilliseconds);

export async function findEarlierAnswers(
  db: Database,
  { type, subject, receiptDate, timeZone }: EarlierAnswersQuery,
): Promise<EarlierAnswers> {
  const none: EarlierAnswers = { priorRequestThisCalendarYear: false, knowResponsesInPrior12Months: 0 };
  if (subject === null || (type !== 'know' && type !== 'stl_disclosure')) return none;
  const identities = {
    email: subject.email ? normalizeEmail(subject.email) : null,
    phone: subject.phone ?? null,
    accountNumber: subject.accountNumber ? normalizeAccountNumber(subject.accountNumber) : null,
  };
  const receipt = Temporal.PlainDate.from(receiptDate);
  if (type === 'stl_disclosure') {
    const answered = await countAnsweredRequestsOfConsumer(db, {
      type,
      identities,
      since: startOfDay(receipt.with({ month: 1, day: 1 }), timeZone),
    });
    return { ...none, priorRequestThisCalendarYear: answered > 0 };
  }
  const knowResponsesInPrior12Months = await countAnsweredRequestsOfConsumer(db, {
    type,
    identities,
    since: startOfDay(receipt.subtract({ months: 12 }), timeZone),
  });
  return { ...none, knowResponsesInPrior12Months };
}
