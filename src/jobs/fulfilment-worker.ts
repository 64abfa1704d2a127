// The fulfilment worker: plans the opt-out notifications completions asked for, then claims
// runnable automated tasks with a lease, calls their connectors after the claim has committed
// and records each outcome. A task whose worker died (kill -9) is claimed again when its lease
// lapses and sent with the same webhook-id. Every instance may run one: rows are held by one
// worker at a time (FOR UPDATE SKIP LOCKED plus `locked_until`).

import type { DataMapSystem } from '../domain/fulfilment/data-map.js';
import type { Dependencies } from '../services/dependencies.js';
import { errorCodeOf } from '../services/fulfilment/connector-outcome.js';
import { claimRunnableTasks, type ClaimedTask } from '../services/fulfilment/fulfilment-repo.js';
import { FULFILMENT_TOPIC_PATTERN } from '../services/fulfilment/fulfilment-topics.js';
import { planOptOutNotifications } from '../services/fulfilment/plan-opt-out-notifications.js';
import { recordTaskOutcome } from '../services/fulfilment/record-task-outcome.js';
import { runTask } from '../services/fulfilment/run-task.js';
import { openSystemDatabases } from '../services/fulfilment/system-databases-repo.js';
import { claimDueOutboxRows, settleClaimedMail } from '../services/notices/mail-delivery-repo.js';
import { createPoller, type Poller } from './poller.js';
import { wakeOnNotifications } from './notified-poller.js';

/** The channel the fulfilment_tasks triggers notify (migration 202612011000_fulfilment_tasks). */
const FULFILMENT_NOTIFICATION_CHANNEL = 'fulfilment_tasks';

export interface FulfilmentWorker extends Poller {
  /** One round: plans what completions asked for, then runs one batch of tasks; answers how many tasks. */
  runOnce(): Promise<number>;
}

type WorkerDependencies = Pick<Dependencies, 'db' | 'clock' | 'config' | 'logger' | 'dataMap' | 'policy'>;

export function createFulfilmentWorker(
  deps: WorkerDependencies,
  options: { listenUrl?: string; random?: () => number } = {},
): FulfilmentWorker {
  const { db, config, logger } = deps;
  const now = () => deps.clock.now();
  const random = options.random ?? Math.random;
  // The lease outlasts the worst case of one call: connection and statement or HTTP timeouts.
  const leaseMs = 3 * config.FULFILMENT_TIMEOUT_MS;
  const retryPeriodMs = config.FULFILMENT_RETRY_HOURS * 3_600_000;
  const systems = new Map<string, DataMapSystem>(deps.dataMap.systems.map((system) => [system.key, system]));
  const systemDatabases = openSystemDatabases({
    timeoutMs: config.FULFILMENT_TIMEOUT_MS,
    poolSize: config.FULFILMENT_BATCH_SIZE,
  });

  async function planNotifications(): Promise<void> {
    const claimedAt = now();
    const rows = await claimDueOutboxRows(db, {
      now: claimedAt,
      lockedUntil: new Date(claimedAt.getTime() + leaseMs),
      limit: config.FULFILMENT_BATCH_SIZE,
      topicPattern: FULFILMENT_TOPIC_PATTERN,
    });
    for (const row of rows) {
      await planOptOutNotifications(deps, String(row.payload.requestId));
      await settleClaimedMail(db, row, { status: 'sent', sentAt: now(), note: null });
    }
  }

  async function work(task: ClaimedTask): Promise<void> {
    const system = systems.get(task.systemKey);
    const startedAt = now();
    const outcome =
      system === undefined
        ? { kind: 'refused' as const, error: 'system no longer in the data map', httpStatus: 0 }
        : await runTask({ ...deps, systemDatabases }, task, system).catch((error: unknown) => ({
            kind: 'retryable' as const,
            error: errorCodeOf(error),
            httpStatus: null,
          }));
    const recorded = await recordTaskOutcome(deps, task, outcome, {
      startedAt,
      finishedAt: now(),
      random: random(),
    });
    logger.info(
      {
        taskId: task.id,
        systemKey: task.systemKey,
        kind: task.kind,
        attempt: task.attempts,
        outcome: outcome.kind,
        recorded,
      },
      'fulfilment task attempt',
    );
  }

  async function runOnce(): Promise<number> {
    await planNotifications();
    const claimedAt = now();
    const tasks = await claimRunnableTasks(db, {
      now: claimedAt,
      lockedUntil: new Date(claimedAt.getTime() + leaseMs),
      retryUntil: new Date(claimedAt.getTime() + retryPeriodMs),
      limit: config.FULFILMENT_BATCH_SIZE,
    });
    // The batch's calls run side by side: each waits on a remote system, not on this process.
    await Promise.all(tasks.map(work));
    return tasks.length;
  }

  const poller = createPoller({
    intervalMs: config.FULFILMENT_POLL_INTERVAL_MS,
    round: async (stopping) => {
      while ((await runOnce()) === config.FULFILMENT_BATCH_SIZE && !stopping()) {
        // A full batch: more may be waiting.
      }
    },
    onError: (error) => logger.error({ reason: errorCodeOf(error) }, 'fulfilment round failed'),
  });
  const woken = wakeOnNotifications(poller, {
    listenUrl: options.listenUrl,
    channel: FULFILMENT_NOTIFICATION_CHANNEL,
    onListenerLost: (error) =>
      logger.warn({ reason: errorCodeOf(error) }, 'fulfilment listener lost; polling meanwhile'),
  });
  return {
    ...woken,
    runOnce,
    async stop() {
      await woken.stop();
      await systemDatabases.close();
    },
  };
}
