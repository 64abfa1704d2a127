// What a consumer may see about their request once they proved control of its
// email: status, deadlines and messages, no personal data.

import { fromDateColumn } from '../../db/date-columns.js';
import type { PrivacyRequest } from '../../db/generated/client.js';
import { findRequestByReference } from '../requests/requests-repo.js';
import type { Dependencies } from '../dependencies.js';
import { hasProvenEmailControl } from './email-challenges-repo.js';
import { isOpen, type RequestStatus } from '../../domain/lifecycle/index.js';
import type { RequestType } from '../../domain/request-types.js';
import { formatDate, translator, type Language, type MessageKey } from '../../i18n/index.js';

export interface ConsumerStatusView {
  reference: string;
  type: RequestType;
  status: RequestStatus;
  language: Language;
  /** ISO instant. */
  receivedAt: string;
  /** YYYY-MM-DD in the business time zone. */
  receiptDate: string;
  deadlines: {
    /** Dates as YYYY-MM-DD in the business time zone. */
    acknowledgeBy: string | null;
    respondBy: string;
    extendedRespondBy: string | null;
    extended: boolean;
  };
  /**
   * The requester used a right code or link: a request still awaiting
   * verification waits for staff, not for them (never ask for the code again).
   */
  emailControlProven: boolean;
  /** In the request's language; `code` is stable for pages that word it themselves. */
  messages: { code: MessageKey; text: string }[];
}

export function consumerStatusViewOf(
  row: PrivacyRequest,
  { emailControlProven }: { emailControlProven: boolean },
): ConsumerStatusView {
  const language = row.language;
  const t = translator(language);
  const respondBy = fromDateColumn(row.respondBy);
  const statusKey: MessageKey =
    row.status === 'awaiting_verification' && emailControlProven
      ? 'status.email_confirmed'
      : `status.${row.status}`;
  const dateKey: MessageKey = row.extended ? 'status.extended' : 'status.respond_by';
  const messages: ConsumerStatusView['messages'] = [{ code: statusKey, text: t(statusKey) }];
  if (isOpen(row.status)) {
    messages.push({
      code: dateKey,
      text: t(dateKey, { date: formatDate(language, respondBy) }),
    });
  }
  return {
    reference: row.reference,
    type: row.type,
    status: row.status,
    language,
    receivedAt: row.receivedAt.toISOString(),
    receiptDate: fromDateColumn(row.receiptDate),
    deadlines: {
      acknowledgeBy: row.acknowledgeBy === null ? null : fromDateColumn(row.acknowledgeBy),
      respondBy,
      extendedRespondBy: row.extendedRespondBy === null ? null : fromDateColumn(row.extendedRespondBy),
      extended: row.extended,
    },
    emailControlProven,
    messages,
  };
}

/**
 * The status view of the request with this (normalised) reference, or null. For
 * pages this browser may already see (its receipt, a status lookup it confirmed):
 * callers check that grant first.
 */
export async function findConsumerStatus(
  deps: Pick<Dependencies, 'db'>,
  reference: string,
): Promise<ConsumerStatusView | null> {
  const row = await findRequestByReference(deps.db, reference);
  if (row === null) return null;
  return consumerStatusViewOf(row, { emailControlProven: await hasProvenEmailControl(deps.db, row.id) });
}
