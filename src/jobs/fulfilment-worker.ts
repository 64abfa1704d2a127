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

  /** A claim made now: its lease, and the retry period a first claim starts. */
  function claimTerms() {
    const claimedAt = now();
    return {
      now: claimedAt,
      lockedUntil: new Date(claimedAt.getTime() + leaseMs),
      retryUntil: new Date(claimedAt.getTime() + retryPeriodMs),
    };
  }

  /** Calls the task's connector and records the outcome; with `claimNext`, answers the next task claimed. */
  async function work(task: ClaimedTask, claimNext = false): Promise<ClaimedTask | null> {
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
    const { settled, next } = await recordTaskOutcome(
      deps,
      task,
      outcome,
      { startedAt, finishedAt: now(), random: random() },
      claimNext ? claimTerms() : undefined,
    );
    logger.info(
      {
        taskId: task.id,
        systemKey: task.systemKey,
        kind: task.kind,
        attempt: task.attempts,
        outcome: outcome.kind,
        recorded: settled,
      },
      'fulfilment task attempt',
    );
    return next;
  }

  async function runOnce(): Promise<number> {
    await planNotifications();
    const tasks = await claimRunnableTasks(db, { ...claimTerms(), limit: config.FULFILMENT_BATCH_SIZE });
    // The batch's calls run side by side: each waits on a remote system, not on this process.
    await Promise.all(tasks.map((task) => work(task)));
    return tasks.length;
  }

  /**
   * Keeps up to FULFILMENT_BATCH_SIZE calls in flight until none is left to claim: each slot
   * records its call's outcome and claims its next task in one statement, and a slot that
   * found none is claimed for again as soon as another call ends. Each task is still claimed,
   * with its lease, before its call.
   */
  async function runContinuously(stopping: () => boolean): Promise<void> {
    const slots = new Set<Promise<void>>();
    // As with a batch: a call that fails to record its outcome ends the round once the others end.
    const failures: unknown[] = [];
    const claiming = () => !stopping() && failures.length === 0;
    const slot = async (first: ClaimedTask) => {
      for (let task: ClaimedTask | null = first; task !== null;) task = await work(task, claiming());
    };
    let plannedAt = 0;
    for (;;) {
      if (claiming() && Date.now() - plannedAt >= config.FULFILMENT_POLL_INTERVAL_MS) {
        await planNotifications();
        plannedAt = Date.now();
      }
      const free = config.FULFILMENT_BATCH_SIZE - slots.size;
      const tasks =
        claiming() && free > 0 ? await claimRunnableTasks(db, { ...claimTerms(), limit: free }) : [];
      for (const task of tasks) {
        const running = slot(task)
          .catch((error: unknown) => {
            failures.push(error);
          })
          .finally(() => slots.delete(running));
        slots.add(running);
      }
      if (slots.size === 0) break;
      // Nothing more to claim now, or every slot taken: claim again as soon as one slot ends, and
      // plan the opt-out notifications at the interval even while every slot stays busy.
      let tick: NodeJS.Timeout | undefined;
      await Promise.race([
        ...slots,
        new Promise((resolve) => (tick = setTimeout(resolve, config.FULFILMENT_POLL_INTERVAL_MS))),
      ]);
      clearTimeout(tick);
    }
    if (failures.length > 0) throw failures[0];
  }

  const poller = createPoller({
    intervalMs: config.FULFILMENT_POLL_INTERVAL_MS,
    round: runContinuously,
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
