// Everything the console's request page shows, loaded through the same services
// as the API (getRequest audits the viewing), plus what only the console shows:
// notes, communications, agent documents' metadata and the customer records
// the requester may be, whose showing is audited too.

import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import { NotFoundError } from '../../domain/errors.js';
import type { Dependencies } from '../dependencies.js';
import { findRecordsForStaffReview, type CustomerMatch } from '../customers/find-records-for-staff-review.js';
import { getRequest } from './get-request.js';
import type { RequestDetail } from './request-detail.js';

export interface RequestPageData {
  detail: RequestDetail;
  notes: { id: string; body: string; createdAt: Date; authorName: string | null }[];
  communications: { topic: string; status: string; createdAt: Date; sentAt: Date | null }[];
  documents: { id: string; kind: string; mediaType: string; byteSize: number; uploadedAt: Date }[];
  customerMatches: CustomerMatch[];
  assignee: { id: string; name: string } | null;
  assignees: { id: string; name: string }[];
  /** Regs 7062(c): the declaration under penalty of perjury the requester signed with the request. */
  declaration: { signedName: string; signedAt: string; signedAtText: string } | null;
}

export async function loadRequestPage(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  { requestId, actor }: { requestId: string; actor: Actor },
): Promise<RequestPageData> {
  const { db } = deps;
  const detail = await getRequest(deps, { requestId, actor });
  const notes = await db.requestNote.findMany({ where: { requestId }, orderBy: { createdAt: 'asc' } });
  const authorIds = [
    ...new Set(notes.map((note) => note.authorId).filter((id): id is string => id !== null)),
  ];
  const authors = await db.staffUser.findMany({
    where: { id: { in: authorIds } },
    select: { id: true, name: true },
  });
  const communications = await db.outboxMessage.findMany({
    where: { payload: { path: ['requestId'], equals: requestId } },
    orderBy: { createdAt: 'asc' },
    select: { topic: true, status: true, createdAt: true, sentAt: true },
  });
  const documents = await db.agentDocument.findMany({
    where: { requestId },
    orderBy: { uploadedAt: 'asc' },
    select: { id: true, kind: true, mediaType: true, byteSize: true, uploadedAt: true },
  });
  const assignees = await db.staffUser.findMany({
    where: { role: { in: ['privacy_officer', 'admin'] }, disabledAt: null },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  });
  // Kept on the subject row, so getRequest's audit of the subject covers showing it.
  const signed = await db.requestSubject.findUnique({
    where: { requestId },
    select: { declarationSignedName: true, declarationSignedAt: true },
  });
  const customerMatches = await showCustomerMatches(deps, detail, actor);
  return {
    detail,
    notes: notes.map((note) => ({
      id: note.id,
      body: note.body,
      createdAt: note.createdAt,
      authorName: authors.find((author) => author.id === note.authorId)?.name ?? null,
    })),
    communications,
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
      appendAuditEvents(
        tx,
        {
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
        },
        deps.clock.now(),
      ),
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
    const document = await tx.agentDocument.findFirst({ where: { id: documentId, requestId } });
    if (document === null) throw new NotFoundError('REQUEST.NOT_FOUND', 'No such document');
    await appendAuditEvents(
      tx,
      { actor, requestId, events: [{ action: 'request.agent_document_viewed', payload: { documentId } }] },
      deps.clock.now(),
    );
    return { content: document.content, mediaType: document.mediaType };
  });
}
