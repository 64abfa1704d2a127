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

/** The channel the fulfilment_tasks triggers notify (migration 202612018500_fulfilment_notify_first). */
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
  // own call (connection and statement or HTTP timeouts), and the statement that records it. A
  // task whose lease has less than `callWindowMs` left when a slot frees is not called.
  const leaseMs = 3 * config.FULFILMENT_TIMEOUT_MS;
  const callWindowMs = 2 * config.FULFILMENT_TIMEOUT_MS;
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
   * Records the outcomes in one statement that also claims; should it fail, records them one by
   * one, so that one outcome the database refuses costs no other its record. Never throws: a
   * failure is kept in `failures`, and an outcome left unrecorded is tried again once its lease
   * lapses, with the same webhook-id.
   */
  async function settleOrKeepFailure(
    settlements: readonly TaskSettlement[],
    claim: number,
    failures: unknown[],
  ): Promise<ClaimedTask[]> {
    try {
      return await settle(settlements, claim);
    } catch (error) {
      if (settlements.length <= 1) {
        failures.push(error);
        return [];
      }
      for (const settlement of settlements) {
        await settle([settlement], 0).catch((failure: unknown) => failures.push(failure));
      }
      return [];
    }
  }

  /**
   * Keeps up to FULFILMENT_BATCH_SIZE calls in flight until none is left to claim. Each task is
   * claimed, with its lease, before its call, and up to a batch more is claimed ahead, so a
   * call that ends is followed at once by the next. The calls that ended while a statement ran
   * are recorded together by the next one, which also claims what the slots will need: one
   * round trip for many calls when the queue is long (bench/fulfilment.ts). A failure stops the
   * claiming; the round still makes the calls it claimed and records them, then fails.
   */
  async function runContinuously(stopping: () => boolean): Promise<void> {
    const calls = new Set<Promise<void>>();
    const claimedAhead: ClaimedTask[] = [];
    const ended: TaskSettlement[] = [];
    const failures: unknown[] = [];
    const claiming = () => !stopping() && failures.length === 0;
    const fillSlots = () => {
      for (let task; calls.size < config.FULFILMENT_BATCH_SIZE && (task = claimedAhead.shift());) {
        // Too little lease left for the call and its record: left to lapse and be claimed again.
        if (task.lockedUntil.getTime() - now().getTime() < callWindowMs) continue;
        const running: Promise<void> = call(task)
          .then(
            (settlement) => void ended.push(settlement),
            (error: unknown) => void failures.push(error),
          )
          .finally(() => {
            calls.delete(running);
            fillSlots();
          });
        calls.add(running);
      }
    };
    // The opt-out notifications are planned beside the settles, never holding up a record.
    let planning: Promise<void> | null = null;
    let plannedAt = 0;
    for (;;) {
      if (claiming() && planning === null && Date.now() - plannedAt >= config.FULFILMENT_POLL_INTERVAL_MS) {
        plannedAt = Date.now();
        planning = planNotifications()
          .catch((error: unknown) => void failures.push(error))
          .finally(() => {
            planning = null;
          });
      }
      const wanted = claiming() ? 2 * config.FULFILMENT_BATCH_SIZE - calls.size - claimedAhead.length : 0;
      if (ended.length > 0 || wanted > 0) {
        claimedAhead.push(...(await settleOrKeepFailure(ended.splice(0), wanted, failures)));
        fillSlots();
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
    await planning;
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
