// What a consumer may see about their request once they proved control of its
// email: status, deadlines and messages, no personal data.

import { fromDateColumn } from '../../db/date-columns.js';
import type { PrivacyRequest } from '../../db/generated/client.js';
import { findRequestByReference } from '../requests/requests-repo.js';
import type { Dependencies } from '../dependencies.js';
import { hasProvenEmailControl } from './email-challenges-repo.js';
import { isOpen, type RequestStatus } from '../../domain/lifecycle/index.js';
import { parseRequestState } from '../../domain/lifecycle/state-schema.js';
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

/** The status in words that tell the truth about why (a closure names its real reason). */
export function statusMessageOf(row: PrivacyRequest, emailControlProven: boolean): MessageKey {
  if (row.status === 'awaiting_verification' && emailControlProven) return 'status.email_confirmed';
  if (row.status !== 'closed_unverified') return `status.${row.status}`;
  // Civ. 1798.83: Shine the Light belongs to customers; not finding one is not a late verification.
  if (row.type === 'stl_disclosure') return 'status.closed_not_customer';
  const state = parseRequestState(row.state);
  return state.status === 'closed_unverified' && state.closure.reason === 'unverifiable'
    ? 'status.closed_unverifiable'
    : 'status.closed_unverified';
}

export function consumerStatusViewOf(
  row: PrivacyRequest,
  { emailControlProven }: { emailControlProven: boolean },
): ConsumerStatusView {
  const language = row.language;
  const t = translator(language);
  const respondBy = fromDateColumn(row.respondBy);
  const statusKey = statusMessageOf(row, emailControlProven);
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
