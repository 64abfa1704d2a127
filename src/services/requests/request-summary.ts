// What the services answer about a request without its personal data: the
// queue, the result of an action, the result of a submission.

import { fromDateColumn } from '../../db/date-columns.js';
import type { PrivacyRequest } from '../../db/generated/client.js';
import type { RequestStatus } from '../../domain/lifecycle/index.js';
import type { Channel, Jurisdiction, RequestType, Submitter } from '../../domain/request-types.js';

export interface RequestSummary {
  id: string;
  /** Public reference, e.g. RD-7KQ2-M9XW. */
  reference: string;
  type: RequestType;
  jurisdiction: Jurisdiction;
  channel: Channel;
  submitter: Submitter;
  status: RequestStatus;
  /** ISO instant. */
  receivedAt: string;
  /** Dates as YYYY-MM-DD in the business time zone (docs/legal-rules.md#deadlines). */
  deadlines: {
    acknowledgeBy: string | null;
    respondBy: string;
    extendedRespondBy: string | null;
    extended: boolean;
  };
  /** Increases with every change; a client can tell a stale copy. */
  version: number;
}

/** The columns a summary is made of: a query may read just these. */
export type SummaryColumns = Pick<
  PrivacyRequest,
  | 'id'
  | 'reference'
  | 'type'
  | 'jurisdiction'
  | 'channel'
  | 'submitter'
  | 'status'
  | 'receivedAt'
  | 'acknowledgeBy'
  | 'respondBy'
  | 'extendedRespondBy'
  | 'extended'
  | 'version'
>;

export function summaryOf(row: SummaryColumns): RequestSummary {
  return {
    id: row.id,
    reference: row.reference,
    type: row.type,
    jurisdiction: row.jurisdiction,
    channel: row.channel,
    submitter: row.submitter,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    deadlines: {
      acknowledgeBy: row.acknowledgeBy === null ? null : fromDateColumn(row.acknowledgeBy),
      respondBy: fromDateColumn(row.respondBy),
      extendedRespondBy: row.extendedRespondBy === null ? null : fromDateColumn(row.extendedRespondBy),
      extended: row.extended,
    },
    version: row.version,
  };
}
