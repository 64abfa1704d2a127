// Access packages are deleted at their expiry (docs/legal-rules.md#access-reports):
// the encrypted ZIP goes, the row stays as the record of what was delivered (its
// SHA-256, downloads), and the purge is audited. Safe on several instances: rows
// are claimed with SKIP LOCKED.

import type { Dependencies } from '../dependencies.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import { purgeExpiredPackages } from './access-packages-repo.js';

const BATCH_SIZE = 100;

/** Answers how many packages it emptied. */
export async function purgeExpiredAccessPackages(deps: Pick<Dependencies, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const purged = await purgeExpiredPackages(tx, { now, limit: BATCH_SIZE });
    for (const { id, requestId } of purged) {
      await appendAuditEvents(tx, {
        actor: { type: 'system', id: 'access-package-purge' },
        requestId,
        events: [{ action: 'access_package.purged', payload: { packageId: id } }],
      });
    }
    return purged.length;
  });
}
