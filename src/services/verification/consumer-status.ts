// What a consumer may see about their request once they proved control of its
// email: status, deadlines and messages, no personal data.

import { fromDateColumn } from '../../db/date-columns.js';
import type { PrivacyRequest } from '../../db/generated/client.js';
import type { RequestStatus } from '../../domain/lifecycle/index.js';
import type { RequestType } from '../../domain/request-types.js';
import { formatDate, translate, type Language, type MessageKey } from '../../mail/messages/index.js';

export interface ConsumerStatusView {
  reference: string;
  type: RequestType;
  status: RequestStatus;
  language: Language;
  /** ISO instant. */
  receivedAt: string;
  deadlines: {
    /** YYYY-MM-DD in the business time zone. */
    respondBy: string;
    extended: boolean;
  };
  /** In the request's language; `code` is stable for pages that word it themselves. */
  messages: { code: MessageKey; text: string }[];
}

export function consumerStatusViewOf(row: PrivacyRequest): ConsumerStatusView {
  const language = row.language;
  const respondBy = fromDateColumn(row.respondBy);
  const statusKey: MessageKey = `status.${row.status}`;
  const open = !['completed', 'denied', 'closed_unverified', 'withdrawn'].includes(row.status);
  const dateKey: MessageKey = row.extended ? 'status.extended' : 'status.respond_by';
  const messages: ConsumerStatusView['messages'] = [
    { code: statusKey, text: translate(language, statusKey) },
  ];
  if (open) {
    messages.push({
      code: dateKey,
      text: translate(language, dateKey, { date: formatDate(language, respondBy) }),
    });
  }
  return {
    reference: row.reference,
    type: row.type,
    status: row.status,
    language,
    receivedAt: row.receivedAt.toISOString(),
    deadlines: { respondBy, extended: row.extended },
    messages,
  };
}
