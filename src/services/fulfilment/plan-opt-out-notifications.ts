// A completed opt-out of sale or sharing, limit or Nevada opt-out is told to every system that
// sells or shares (Civ. 1798.135(f); Regs 7026(f), 7027(g)): its tasks are planned here, from the
// outbox row written with the completion, after commit.

import { findRequest } from '../requests/requests-repo.js';
import type { Dependencies } from '../dependencies.js';
import { planRequestTasks } from './plan-request-tasks.js';
import { FULFILMENT_ACTOR } from './task-settlement.js';

export async function planOptOutNotifications(
  deps: Pick<Dependencies, 'db' | 'clock' | 'dataMap' | 'policy' | 'config'>,
  requestId: string,
): Promise<string[]> {
  return deps.db.$transaction(async (tx) => {
    const loaded = await findRequest(tx, requestId);
    if (loaded === null || loaded.state.status !== 'completed') return [];
    return planRequestTasks(tx, deps, {
      state: loaded.state,
      moment: 'completed',
      actor: FULFILMENT_ACTOR,
      now: deps.clock.now(),
    });
  });
}
