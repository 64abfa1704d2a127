// Free search in the console by reference or exact email. A search by email
// looks into personal data, so every search is audited (by what, never the value).

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import type { Actor } from '../../domain/audit-events.js';
import { normalizeEmail } from '../../domain/identity-matching.js';
import { normalizeReference } from '../../domain/reference.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { summaryOf, type RequestSummary } from '../requests/request-summary.js';
import { findRequestsByReference, findRequestsBySubjectEmail } from './queue-repo.js';

export const SearchInputSchema = z.object({
  query: storableText()
    .trim()
    .min(1, { error: 'enter a reference such as RD-7KQ2-M9XW or an email address' })
    .max(254),
});

const SEARCH_LIMIT = 50;

export async function searchRequests(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { query, actor }: { query: string; actor: Actor },
): Promise<{ by: 'reference' | 'email'; results: RequestSummary[] } | null> {
  const reference = normalizeReference(query);
  const isEmail = z.email().safeParse(query).success;
  if (reference === null && !isEmail) return null;
  const by = reference !== null ? 'reference' : 'email';
  return deps.db.$transaction(async (tx) => {
    const rows =
      reference !== null
        ? await findRequestsByReference(tx, reference)
        : await findRequestsBySubjectEmail(tx, {
            emailNormalized: normalizeEmail(query),
            limit: SEARCH_LIMIT,
          });
    await appendAuditEvents(tx, {
      actor,
      requestId: null,
      events: [{ action: 'queue.searched', payload: { by, results: rows.length } }],
    });
    return { by, results: rows.map(summaryOf) };
  });
}
