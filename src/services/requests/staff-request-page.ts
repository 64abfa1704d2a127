// Everything the console's request page shows, loaded through the same services
// as the API (getRequest audits the viewing), plus what only the console shows:
// notes, agent documents' metadata and the customer records
// the requester may be, whose showing is audited too.

import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { ThreadMessage } from '../conversations/list-conversation.js';
import { listAssignableStaff } from '../staff-accounts/list-assignable-staff.js';
import { findAgentDocument, listAgentDocuments } from './agent-documents-repo.js';
import { listRequestNotes } from './request-notes-repo.js';
import { findRequestSubject } from './requests-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import { NotFoundError } from '../../domain/errors.js';
import type { Dependencies } from '../dependencies.js';
import { findRecordsForStaffReview, type CustomerMatch } from '../customers/find-records-for-staff-review.js';
import { getRequest } from './get-request.js';
import type { RequestDetail } from './request-detail.js';

export interface RequestPageData {
  detail: RequestDetail & { messages: ThreadMessage[] };
  notes: { id: string; body: string; createdAt: Date; authorName: string | null }[];
  documents: { id: string; kind: string; mediaType: string; byteSize: number; uploadedAt: Date }[];
  customerMatches: CustomerMatch[];
  assignee: { id: string; name: string } | null;
  assignees: { id: string; name: string }[];
  /** Regs 7062(c): the declaration under penalty of perjury the requester signed with the request. */
  declaration: { signedName: string; signedAt: string; signedAtText: string } | null;
}

export async function loadRequestPage(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  { requestId, actor }: { requestId: string; actor: Actor },
): Promise<RequestPageData> {
  const { db } = deps;
  const detail = await getRequest(deps, { requestId, actor });
  const notes = await listRequestNotes(db, requestId);
  const documents = await listAgentDocuments(db, requestId);
  const assignees = await listAssignableStaff(deps);
  // Kept on the subject row, so getRequest's audit of the subject covers showing it.
  const signed = await findRequestSubject(db, requestId);
  const customerMatches = await showCustomerMatches(deps, detail, actor);
  return {
    detail,
    notes,
    documents,
    customerMatches,
    assignee: assignees.find((staff) => staff.id === detail.assigneeId) ?? null,
    assignees,
    declaration: declarationOf(signed),
  };
}

function declarationOf(
  signed: { declarationSignedName: string | null; declarationSignedAt: Date | null } | null,
): RequestPageData['declaration'] {
  const signedName = signed?.declarationSignedName ?? null;
  const signedAtDate = signed?.declarationSignedAt ?? null;
  if (signedName === null || signedAtDate === null) return null;
  const signedAt = signedAtDate.toISOString();
  return {
    signedName,
    signedAt,
    signedAtText: `${signedAt.slice(0, 16).replace('T', ' ')} UTC`,
  };
}

async function showCustomerMatches(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  detail: RequestDetail,
  actor: Actor,
): Promise<CustomerMatch[]> {
  const { subject } = detail;
  // A Global Privacy Control opt-out names nobody: there is no one to match.
  if (subject === null) return [];
  const matches = await findRecordsForStaffReview(deps.db, {
    firstName: subject.firstName,
    lastName: subject.lastName,
    email: subject.email,
    phone: subject.phone,
    address: subject.address,
    accountNumber: subject.accountNumber,
    lastInteractionDate: subject.lastInteractionDate,
  });
  if (matches.length > 0) {
    await deps.db.$transaction((tx) =>
      appendAuditEvents(tx, {
        actor,
        requestId: detail.id,
        events: [
          {
            action: 'customer.records_viewed',
            payload: {
              purpose: 'request_verification',
              customerIds: matches.map((match) => match.customer.id),
            },
          },
        ],
      }),
    );
  }
  return matches;
}

/** An agent's signed permission or power of attorney, for officers; each viewing is audited first. */
export async function viewAgentDocument(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  { requestId, documentId, actor }: { requestId: string; documentId: string; actor: Actor },
): Promise<{ content: Uint8Array; mediaType: string }> {
  return deps.db.$transaction(async (tx) => {
    const document = await findAgentDocument(tx, { requestId, documentId });
    if (document === null) throw new NotFoundError('REQUEST.NOT_FOUND', 'No such document');
    await appendAuditEvents(tx, {
      actor,
      requestId,
      events: [{ action: 'request.agent_document_viewed', payload: { documentId } }],
    });
    return { content: document.content, mediaType: document.mediaType };
  });
}
