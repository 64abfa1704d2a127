// Requests still unverified (or still waiting for an agent's authorization)
// when their verification window ends are closed by the system, on their due
// date at the latest, so the notice goes out within the response period
// (Regs 7022(a), 7024). Safe on several instances at once: the decider refuses
// a request already closed and the version guard stops a second writer.

import { businessDateOf } from '../domain/business-date.js';
import { DomainError } from '../domain/errors.js';
import type { Logger } from '../logger.js';
import { applyRequestCommand } from '../services/requests/apply-request-command.js';
import type { Dependencies } from '../services/dependencies.js';
import { listUnverifiedDueForClosure } from '../services/requests/requests-repo.js';

const SYSTEM_ACTOR = { type: 'system', id: 'close-unverified-job' } as const;
const BATCH_SIZE = 100;

/** Answers how many requests it closed. */
export async function closeUnverifiedRequests(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config' | 'dataMap'> & { logger: Logger },
): Promise<number> {
  const today = businessDateOf(deps.clock.now(), deps.policy.lifecycle.timeZone);
  const due = await listUnverifiedDueForClosure(deps.db, {
    today,
    windowDays: deps.policy.lifecycle.verificationWindowDays,
    limit: BATCH_SIZE,
  });
  let closed = 0;
  for (const { id } of due) {
    try {
      await applyRequestCommand(deps, {
        requestId: id,
        action: { kind: 'close_unverified' },
        actor: SYSTEM_ACTOR,
      });
      closed += 1;
    } catch (error) {
      // Another instance closed it, or it was verified meanwhile: nothing to do.
      if (!(error instanceof DomainError)) throw error;
      deps.logger.debug({ requestId: id, code: error.code }, 'request not closed');
    }
  }
  if (closed > 0) deps.logger.info({ closed }, 'closed unverified requests whose verification window ended');
  return closed;
}
