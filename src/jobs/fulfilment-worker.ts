// The fulfilment worker: plans the opt-out notifications completions asked for, then claims
// runnable automated tasks with a lease, calls their connectors after the claim has committed
// and records each outcome. A task whose worker died (kill -9) is claimed again when its lease
// lapses and sent with the same webhook-id. Every instance may run one: rows are held by one
// worker at a time (FOR UPDATE SKIP LOCKED plus `locked_until`).

import type { DataMapSystem } from '../domain/fulfilment/data-map.js';
import type { Dependencies } from '../services/dependencies.js';
import { errorCodeOf } from '../services/fulfilment/connector-outcome.js';
import {
  claimRunnableTasks,
  settleClaimedTasks,
  type ClaimedTask,
  type TaskSettlement,
} from '../services/fulfilment/fulfilment-repo.js';
import { FULFILMENT_TOPIC_PATTERN } from '../services/fulfilment/fulfilment-topics.js';
import { planOptOutNotifications } from '../services/fulfilment/plan-opt-out-notifications.js';
import { runTask } from '../services/fulfilment/run-task.js';
import { openWebhookSender } from '../services/fulfilment/send-webhook.js';
import { taskSettlementOf } from '../services/fulfilment/task-settlement.js';
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
  // The lease outlasts the worst case of a task claimed ahead: waiting for a slot (one call), its
  // own call (connection and statement or HTTP timeouts), and the statement that records it.
  const leaseMs = 3 * config.FULFILMENT_TIMEOUT_MS;
  const retryPeriodMs = config.FULFILMENT_RETRY_HOURS * 3_600_000;
  const systems = new Map<string, DataMapSystem>(deps.dataMap.systems.map((system) => [system.key, system]));
  const systemDatabases = openSystemDatabases({
    timeoutMs: config.FULFILMENT_TIMEOUT_MS,
    poolSize: config.FULFILMENT_BATCH_SIZE,
  });
  const webhooks = openWebhookSender({ timeoutMs: config.FULFILMENT_TIMEOUT_MS });

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

  /** A claim of up to `limit` tasks made now: its lease, and the retry period a first claim starts. */
  function claimTerms(limit: number) {
    const claimedAt = now();
    return {
      now: claimedAt,
      lockedUntil: new Date(claimedAt.getTime() + leaseMs),
      retryUntil: new Date(claimedAt.getTime() + retryPeriodMs),
      limit,
    };
  }

  /** Calls the task's connector, after its claim has committed; answers what to record of the call. */
  async function call(task: ClaimedTask): Promise<TaskSettlement> {
    const system = systems.get(task.systemKey);
    const startedAt = now();
    const outcome =
      system === undefined
        ? { kind: 'refused' as const, error: 'system no longer in the data map', httpStatus: 0 }
        : await runTask({ ...deps, systemDatabases, webhooks }, task, system).catch((error: unknown) => ({
            kind: 'retryable' as const,
            error: errorCodeOf(error),
            httpStatus: null,
          }));
    return taskSettlementOf(config.FULFILMENT_RETRY_BASE_MS, task, outcome, {
      startedAt,
      finishedAt: now(),
      random: random(),
    });
  }

  /** Records the calls' outcomes in one statement, claiming up to `claim` next tasks in it. */
  async function settle(settlements: readonly TaskSettlement[], claim: number): Promise<ClaimedTask[]> {
    const { settled, next } = await settleClaimedTasks(db, {
      settlements,
      now: now(),
      ...(claim > 0 && { claimNext: claimTerms(claim) }),
    });
    for (const { task, outcome } of settlements) {
      logger.info(
        {
          taskId: task.id,
          systemKey: task.systemKey,
          attempt: task.attempts,
          status: outcome.status,
          recorded: settled.has(task.id),
        },
        'fulfilment task attempt',
      );
    }
    return next;
  }

  async function runOnce(): Promise<number> {
    await planNotifications();
    const tasks = await claimRunnableTasks(db, claimTerms(config.FULFILMENT_BATCH_SIZE));
    // The batch's calls run side by side: each waits on a remote system, not on this process.
    if (tasks.length > 0) await settle(await Promise.all(tasks.map(call)), 0);
    return tasks.length;
  }

  /**
   * Keeps up to FULFILMENT_BATCH_SIZE calls in flight until none is left to claim. Each task is
   * claimed, with its lease, before its call, and up to a batch more is claimed ahead, so a
   * call that ends is followed at once by the next. The calls that ended while a statement ran
   * are recorded together by the next one, which also claims what the slots will need: one
   * round trip for many calls when the queue is long (bench/fulfilment.ts). A stopping worker
   * still makes the calls it claimed.
   */
  async function runContinuously(stopping: () => boolean): Promise<void> {
    const calls = new Set<Promise<void>>();
    const claimedAhead: ClaimedTask[] = [];
    const ended: TaskSettlement[] = [];
    // A statement that fails ends the round once the calls claimed have ended and been recorded.
    const failures: unknown[] = [];
    const claiming = () => !stopping() && failures.length === 0;
    const fillSlots = () => {
      for (let task; calls.size < config.FULFILMENT_BATCH_SIZE && (task = claimedAhead.shift());) {
        const running: Promise<void> = call(task)
          .then((settlement) => {
            ended.push(settlement);
          })
          .finally(() => {
            calls.delete(running);
            fillSlots();
          });
        calls.add(running);
      }
    };
    let plannedAt = 0;
    for (;;) {
      if (claiming() && Date.now() - plannedAt >= config.FULFILMENT_POLL_INTERVAL_MS) {
        await planNotifications();
        plannedAt = Date.now();
      }
      const wanted = claiming() ? 2 * config.FULFILMENT_BATCH_SIZE - calls.size - claimedAhead.length : 0;
      if (ended.length > 0 || wanted > 0) {
        await settle(ended.splice(0), wanted).then(
          (next) => {
            claimedAhead.push(...next);
            fillSlots();
          },
          (error: unknown) => failures.push(error),
        );
      }
      if (calls.size === 0 && claimedAhead.length === 0 && ended.length === 0) break;
      // Nothing ended since the statement: go on as soon as a call ends, and plan the opt-out
      // notifications at the interval even while every slot stays busy.
      if (ended.length === 0) {
        let tick: NodeJS.Timeout | undefined;
        await Promise.race([
          ...calls,
          new Promise((resolve) => (tick = setTimeout(resolve, config.FULFILMENT_POLL_INTERVAL_MS))),
        ]);
        clearTimeout(tick);
      }
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
      await Promise.all([systemDatabases.close(), webhooks.close()]);
    },
  };
}
