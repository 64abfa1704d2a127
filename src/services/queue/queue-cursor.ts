// Where a queue page ended, handed to clients as an opaque token: the one
// cursor the staff API and the console both page with.

import { z } from 'zod';

const QueueCursorSchema = z.strictObject({ respondBy: z.iso.date(), id: z.uuid() });
export type QueueCursor = z.output<typeof QueueCursorSchema>;

export function encodeQueueCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** Undefined when there is none or it is not a cursor this service issued. */
export function decodeQueueCursor(text: string | undefined): QueueCursor | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = QueueCursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
