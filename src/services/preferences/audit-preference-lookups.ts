// Which integration asked about consumers' opt-outs, and how often: counted per token
// per hour as lookups happen (one cheap upsert on a hot path), and written to the audit
// log as one event per token and hour once the hour is over, rather than one per call.

import type { Dependencies } from '../dependencies.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import { countPreferenceLookup, takeEndedLookupCounts } from './preference-lookups-repo.js';

const HOUR_MS = 3_600_000;

const hourStartOf = (instant: Date) => new Date(Math.floor(instant.getTime() / HOUR_MS) * HOUR_MS);

export function countLookupByToken(deps: Pick<Dependencies, 'db' | 'clock'>, tokenId: string): Promise<void> {
  return countPreferenceLookup(deps.db, tokenId, hourStartOf(deps.clock.now()));
}

/** Writes the counts of ended hours as audit events, under each token; run by the maintenance round. */
export async function auditEndedLookupHours(deps: Pick<Dependencies, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const counts = await takeEndedLookupCounts(tx, hourStartOf(now));
    for (const { tokenId, hourStart, lookups } of counts) {
      await appendAuditEvents(tx, {
        actor: { type: 'api_token', id: tokenId },
        requestId: null,
        events: [
          { action: 'preferences.looked_up', payload: { hourStart: hourStart.toISOString(), lookups } },
        ],
      });
    }
    return counts.length;
  });
}
