// The triage inbox: every received message that is neither a request the
// words made plain, nor a reply, nor automatic. Nothing is discarded unread;
// each shows its running deadline, counted from its arrival.

import { z } from 'zod';
import type { InboundMessage } from '../../db/generated/client.js';
import { earliestRespondBy } from '../../domain/triage-deadline.js';
import type { Dependencies } from '../dependencies.js';
import type { AuthenticationSignals } from './check-authentication.js';
import { countTriageMessages, listTriageMessages } from './inbound-mail-repo.js';
import { sanitizeMessageHtml } from './sanitize-message-html.js';
import { storableText } from '../../domain/storable-text.js';

export interface TriageItem {
  id: string;
  from: string | null;
  fromName: string | null;
  subject: string;
  /** ISO instant: the message's arrival, when its clock started. */
  receivedAt: string;
  /** YYYY-MM-DD: the earliest date any request type received then would be due. */
  respondBy: string;
  text: string;
  /** The HTML part, sanitized; null when the message had none. */
  html: string | null;
  authentication: AuthenticationSignals;
  attachments: { filename: string; mediaType: string; byteSize: number }[];
  /** Why it was not decided automatically. */
  reason: string | null;
}

const CursorSchema = z.strictObject({ receivedAt: z.iso.datetime(), id: z.uuid() });
const UNKNOWN_SIGNALS: AuthenticationSignals = { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' };
const AttachmentsSchema = z.array(
  z.object({ filename: storableText(), mediaType: storableText(), byteSize: z.number() }),
);
const SignalsSchema = z.object({
  spf: z.enum(['pass', 'fail', 'none', 'neutral', 'softfail', 'unknown']),
  dkim: z.enum(['pass', 'fail', 'none', 'neutral', 'softfail', 'unknown']),
  dmarc: z.enum(['pass', 'fail', 'none', 'neutral', 'softfail', 'unknown']),
});

export async function listTriageInbox(
  deps: Pick<Dependencies, 'db' | 'policy'>,
  { cursor, limit }: { cursor: string | undefined; limit: number },
): Promise<{ items: TriageItem[]; nextCursor: string | null; total: number }> {
  const after = decodeCursor(cursor);
  const rows = await listTriageMessages(deps.db, { after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => itemOf(row, deps)),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    total: await countTriageMessages(deps.db),
  };
}

export function itemOf(row: InboundMessage, deps: Pick<Dependencies, 'policy'>): TriageItem {
  const attachments = AttachmentsSchema.safeParse(row.attachments);
  const signals = SignalsSchema.safeParse(row.authentication);
  return {
    id: row.id,
    from: row.fromAddress,
    fromName: row.fromName,
    subject: row.subject,
    receivedAt: row.receivedAt.toISOString(),
    respondBy: earliestRespondBy(row.receivedAt, deps.policy.deadlines),
    text: row.text,
    html: row.html === null ? null : sanitizeMessageHtml(row.html),
    authentication: signals.success ? signals.data : UNKNOWN_SIGNALS,
    attachments: attachments.success
      ? attachments.data.map(({ filename, mediaType, byteSize }) => ({ filename, mediaType, byteSize }))
      : [],
    reason: row.classificationReason,
  };
}

function encodeCursor(row: InboundMessage): string {
  return Buffer.from(JSON.stringify({ receivedAt: row.receivedAt.toISOString(), id: row.id })).toString(
    'base64url',
  );
}

/** Undefined when there is none, or it is not a cursor this service issued (the first page then). */
function decodeCursor(text: string | undefined): { receivedAt: Date; id: string } | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? { receivedAt: new Date(parsed.data.receivedAt), id: parsed.data.id } : undefined;
  } catch {
    return undefined;
  }
}
