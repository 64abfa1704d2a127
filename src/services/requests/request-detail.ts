// A request as staff see it, personal data included: shown only through
// getRequest, which audits the viewing.

import { lookBackWindowOf, type LookBackWindow, type OlderDataRefusal } from '../../domain/look-back.js';
import type { z } from 'zod';
import type { AuditRecord } from '../audit/audit-log-repo.js';
import { fromDateColumn } from '../../db/date-columns.js';
import type {
  PrivacyRequest,
  RequestAgent,
  RequestSubject,
  VerificationRecord as VerificationRow,
} from '../../db/generated/client.js';
import { ageBandOfColumn } from './requests-repo.js';
import type { Actor, AuditEntry } from '../../domain/audit-events.js';
import type { Deadlines } from '../../domain/deadlines.js';
import { unreachable } from '../../domain/errors.js';
import type {
  AgentAuthorization,
  Closure,
  Denial,
  RaisedVerification,
  RequestState,
} from '../../domain/lifecycle/index.js';
import type { AgeBand, DataPoint, KnowScope } from '../../domain/request-types.js';
import { CorrectionSchema } from './request-schemas.js';
import { summaryOf, type RequestSummary } from './request-summary.js';

export type Outcome =
  | { status: 'completed'; summary: string; olderDataRefusal: OlderDataRefusal | null }
  | { status: 'denied'; denial: Denial }
  | { status: 'closed_unverified'; closure: Closure };

export interface RequestDetail extends Omit<RequestSummary, 'deadlines'> {
  /** The stored dates, with how each was counted under the current policy (docs/legal-rules.md#deadlines). */
  deadlines: RequestSummary['deadlines'] & Pick<Deadlines, 'receiptDate' | 'explanations'>;
  receivedAtDesignatedAddress: boolean | null;
  /** The language the requester used, which everything written to them is in. */
  language: PrivacyRequest['language'];
  assigneeId: string | null;
  ageBand: AgeBand | null;
  knowScope: KnowScope | null;
  /** Requests to know: the period the response covers (Civ. 1798.130(a)(2)(B)). */
  lookBack: LookBackWindow | null;
  sensitiveData: boolean;
  /** An officer raised the level the request needs (Regs 7062(c), (d)). */
  raisedVerification: RaisedVerification | null;
  correctedDataPoint: DataPoint | null;
  priorRequestThisCalendarYear: boolean;
  agentAuthorization: AgentAuthorization | null;
  outcome: Outcome | null;
  /** Null for a Global Privacy Control opt-out: the browser's signal names nobody (Regs 7025). */
  subject: {
    /** Null for an opt-out or limit given with only a contact or account number. */
    firstName: string | null;
    lastName: string | null;
    /** Null when staff logged a caller who gave a postal address only. */
    email: string | null;
    phone: string | null;
    address: { line1: string; line2: string | null; city: string; state: string; postalCode: string } | null;
    accountNumber: string | null;
    lastInteractionDate: string | null;
    ageBand: AgeBand | null;
    state: string | null;
  } | null;
  correction: z.output<typeof CorrectionSchema> | null;
  agent: Pick<RequestAgent, 'kind' | 'name' | 'email' | 'phone' | 'secretaryOfStateNumber'> | null;
  verifications: {
    method: VerificationRow['method'];
    level: VerificationRow['level'];
    matchedDataPoints: string[];
    emailControlProven: boolean;
    declarationSigned: boolean;
    declarationSignedName: string | null;
    recordedAt: string;
    actor: { type: VerificationRow['actorType']; id: string | null };
  }[];
  /** Oldest first, as it stood before this viewing, which is recorded last. */
  history: ({ sequence: string; id: string; actor: Actor; occurredAt: string } & AuditEntry)[];
}

interface RequestDetailSources {
  row: PrivacyRequest;
  subject: RequestSubject | null;
  agent: RequestAgent | null;
  verifications: VerificationRow[];
  state: RequestState;
  deadlines: Deadlines;
  history: AuditRecord[];
}

export function detailOf(sources: RequestDetailSources): RequestDetail {
  const { row, subject, agent, verifications, state, deadlines, history } = sources;
  const summary = summaryOf(row);
  return {
    ...summary,
    deadlines: {
      ...summary.deadlines,
      receiptDate: deadlines.receiptDate,
      explanations: deadlines.explanations,
    },
    receivedAtDesignatedAddress: row.receivedAtDesignatedAddress,
    language: row.language,
    assigneeId: row.assigneeId,
    ageBand: state.ageBand,
    knowScope: state.knowScope,
    lookBack:
      state.knowScope === null
        ? null
        : lookBackWindowOf(deadlines.receiptDate, state.knowScope.beyond12Months),
    sensitiveData: state.sensitiveData,
    raisedVerification: state.raisedVerification ?? null,
    correctedDataPoint: state.correctedDataPoint,
    priorRequestThisCalendarYear: state.priorRequestThisCalendarYear,
    agentAuthorization: state.agentAuthorization,
    outcome: outcomeOf(state),
    subject: subject && {
      firstName: subject.firstName,
      lastName: subject.lastName,
      email: subject.email,
      phone: subject.phone,
      address: addressOf(subject),
      accountNumber: subject.accountNumber,
      lastInteractionDate:
        subject.lastInteractionDate === null ? null : fromDateColumn(subject.lastInteractionDate),
      ageBand: subject.ageBand === null ? null : ageBandOfColumn(subject.ageBand),
      state: subject.stateOfResidence,
    },
    correction: subject?.correction ? CorrectionSchema.parse(subject.correction) : null,
    agent:
      agent === null
        ? null
        : {
            kind: agent.kind,
            name: agent.name,
            email: agent.email,
            phone: agent.phone,
            secretaryOfStateNumber: agent.secretaryOfStateNumber,
          },
    verifications: verifications.map((record) => ({
      method: record.method,
      level: record.level,
      matchedDataPoints: record.matchedDataPoints,
      emailControlProven: record.emailControlProven,
      declarationSigned: record.declarationSigned,
      declarationSignedName: record.declarationSignedName,
      recordedAt: record.recordedAt.toISOString(),
      actor: { type: record.actorType, id: record.actorId },
    })),
    history: history.map(({ entry, occurredAt, ...record }) => ({
      ...record,
      ...entry,
      occurredAt: occurredAt.toISOString(),
    })),
  };
}

function outcomeOf(state: RequestState): Outcome | null {
  switch (state.status) {
    case 'completed':
      return {
        status: state.status,
        summary: state.summary,
        olderDataRefusal: state.olderDataRefusal ?? null,
      };
    case 'denied':
      return { status: state.status, denial: state.denial };
    case 'closed_unverified':
      return { status: state.status, closure: state.closure };
    case 'awaiting_agent_authorization':
    case 'awaiting_verification':
    case 'verified':
    case 'in_progress':
    case 'withdrawn':
      return null;
    default:
      return unreachable(state);
  }
}

/** The address is stored whole or not at all (AddressSchema requires every part but line2). */
function addressOf(subject: RequestSubject): NonNullable<RequestDetail['subject']>['address'] {
  const { addressLine1, addressLine2, addressCity, addressState, addressPostalCode } = subject;
  if (addressLine1 === null) return null;
  if (addressCity === null || addressState === null || addressPostalCode === null) {
    throw new Error(`Request subject ${subject.id} has an incomplete address`);
  }
  return {
    line1: addressLine1,
    line2: addressLine2,
    city: addressCity,
    state: addressState,
    postalCode: addressPostalCode,
  };
}
