// An authorized agent's proof of authority (Regs 7063): a signed permission or
// a power of attorney, kept in PostgreSQL so that every instance can show it to
// officers, never to the public.

import { randomUUID } from 'node:crypto';
import type { Database, Transaction } from '../../db/client.js';
import type { AgentDocument } from '../../db/generated/client.js';

export async function insertAgentDocument(
  tx: Transaction,
  document: Pick<AgentDocument, 'requestId' | 'kind' | 'mediaType' | 'sha256' | 'uploadedAt'> & {
    content: Uint8Array;
  },
): Promise<void> {
  await tx.agentDocument.create({
    data: {
      ...document,
      byteSize: document.content.byteLength,
      storageKey: `agent-documents/${document.requestId}/${randomUUID()}`,
      content: new Uint8Array(document.content),
    },
  });
}

/** What officers see of the request's documents before opening one. */
export async function listAgentDocuments(
  db: Database,
  requestId: string,
): Promise<Pick<AgentDocument, 'id' | 'kind' | 'mediaType' | 'byteSize' | 'uploadedAt'>[]> {
  return db.agentDocument.findMany({
    where: { requestId },
    orderBy: { uploadedAt: 'asc' },
    select: { id: true, kind: true, mediaType: true, byteSize: true, uploadedAt: true },
  });
}

export async function findAgentDocument(
  tx: Transaction,
  { requestId, documentId }: { requestId: string; documentId: string },
): Promise<AgentDocument | null> {
  return tx.agentDocument.findFirst({ where: { id: documentId, requestId } });
}
