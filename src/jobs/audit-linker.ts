// Seals committed audit events into the hash chain, shortly after their
// transactions commit: see src/services/audit/audit-log-repo.ts for why the
// chain is linked here and not in each change's transaction. Every instance
// runs one; they take turns on the chain's lock.

import { linkPendingAuditEvents } from '../services/audit/audit-chain-repo.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import { createPoller, type Poller } from './poller.js';

/** How long a committed event may wait for its link. */
export const AUDIT_LINK_INTERVAL_MS = 250;

export function createAuditLinker({ db, logger }: { db: Database; logger: Logger }): Poller {
  return createPoller({
    intervalMs: AUDIT_LINK_INTERVAL_MS,
    round: async () => {
      await linkPendingAuditEvents(db);
    },
    onError: (error) => logger.error({ err: error }, 'audit linking round failed'),
  });
}
