// Internal notes staff keep on a request: what was asked of the requester, how a
// caller was checked. Never shown to the consumer.

import type { Database, Transaction } from '../../db/client.js';

export async function insertRequestNoteRow(
  tx: Transaction,
  { requestId, authorId, body, now }: { requestId: string; authorId: string; body: string; now: Date },
): Promise<{ id: string }> {
  return tx.requestNote.create({
    data: { requestId, authorType: 'staff', authorId, body, createdAt: now },
    select: { id: true },
  });
}

/** The request's notes, oldest first, each with its author's name while the author exists. */
export async function listRequestNotes(
  db: Database,
  requestId: string,
): Promise<{ id: string; body: string; createdAt: Date; authorName: string | null }[]> {
  const notes = await db.requestNote.findMany({ where: { requestId }, orderBy: { createdAt: 'asc' } });
  const authorIds = [
    ...new Set(notes.map((note) => note.authorId).filter((id): id is string => id !== null)),
  ];
  const authors = await db.staffUser.findMany({
    where: { id: { in: authorIds } },
    select: { id: true, name: true },
  });
  return notes.map((note) => ({
    id: note.id,
    body: note.body,
    createdAt: note.createdAt,
    authorName: authors.find((author) => author.id === note.authorId)?.name ?? null,
  }));
}
