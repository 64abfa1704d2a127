// Every AUDIT_CHECKPOINT_INTERVAL_SECONDS, signs the audit chain's head and
// writes it outside the database, when it moved since this instance's last
// checkpoint. Several instances may each write one: a checkpoint more is harmless.

import type { Dependencies } from '../services/dependencies.js';
import { writeAuditCheckpoint } from '../services/audit/write-audit-checkpoint.js';
import { createPoller, type Poller } from './poller.js';

export function createAuditCheckpointer(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config' | 'logger'>,
): Poller | null {
  if (deps.config.AUDIT_CHECKPOINT_SIGNING_KEY === undefined) return null;
  let lastHash: string | undefined;
  return createPoller({
    intervalMs: deps.config.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000,
    round: async () => {
      const written = await writeAuditCheckpoint(deps, { unlessHash: lastHash });
      if (written === null) return;
      lastHash = written.hash;
      deps.logger.info({ position: written.position }, 'audit checkpoint written');
    },
    onError: (error) => deps.logger.error({ err: error }, 'audit checkpoint failed'),
  });
}
