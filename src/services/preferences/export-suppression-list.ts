// The Shine the Light suppression list (Civ. 1798.83(c)(2)) as CSV, for the
// business and the third parties it discloses to for direct marketing: every
// identity on it and when it was added, nothing else personal. Exporting it
// is audited (how many identities, none named), in the transaction that reads it.

import type { Actor } from '../../domain/audit-events.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { listSuppressedIdentities } from './preferences-repo.js';

export const SUPPRESSION_LIST_COLUMNS = ['identity_kind', 'identity_value', 'added_at'] as const;

export interface SuppressionListExport {
  csv: string;
  identities: number;
}

export async function exportSuppressionList(
  deps: Pick<Dependencies, 'db'>,
  { actor }: { actor: Actor },
): Promise<SuppressionListExport> {
  return deps.db.$transaction(async (tx) => {
    const rows = await listSuppressedIdentities(tx);
    await appendAuditEvents(tx, {
      actor,
      requestId: null,
      events: [{ action: 'suppression_list.exported', payload: { identities: rows.length } }],
    });
    const lines = rows.map((row) =>
      csvLine([row.identityKind, row.identityValue, row.directMarketingSuppressedSince?.toISOString() ?? '']),
    );
    return { csv: [csvLine(SUPPRESSION_LIST_COLUMNS), ...lines].join(''), identities: rows.length };
  });
}

/** RFC 4180: every field quoted, a quote doubled, lines ended by CRLF. */
function csvLine(fields: readonly string[]): string {
  return `${fields.map((field) => `"${field.replaceAll('"', '""')}"`).join(',')}\r\n`;
}
