// The mail worker (STYLE rules 5 and 11): claims due outbox rows with a lease,
// writes and sends each after the claim has committed, and marks it sent in
// the same row. A row is held by one worker at a time (FOR UPDATE SKIP LOCKED
// plus `locked_until`), so a message is not sent twice; a failure puts it back
// with exponential backoff, so nothing is lost while SMTP is down, until
// OUTBOX_MAX_ATTEMPTS is reached and it is marked failed. It claims email
// topics only: letters wait in the same outbox for staff to post them.

import { listenForNotifications, type NotificationListener } from '../db/notifications.js';
import type { Mailer } from '../mail/mailer.js';
import type { Dependencies } from '../services/dependencies.js';
import { OUTBOX_NOTIFICATION_CHANNEL } from '../services/notices/outbox-repo.js';
import { EMAIL_TOPIC_PATTERN } from '../services/notices/outbox-topics.js';
import { NoEmailAddressError, prepareMail } from './mail-handlers.js';
import { createPoller, type Poller } from './poller.js';

export interface OutboxDispatcherOptions {
  /** Defaults to OUTBOX_POLL_INTERVAL_MS: the fallback when a notification is missed. */
  pollIntervalMs?: number;
  /** First retry delay; doubled per attempt, capped at an hour. */
  backoffBaseMs?: number;
  /** How long a claim lasts: longer than the mailer's worst-case timeouts. */
  leaseMs?: number;
  /**
   * Listen on this database for the notification new mail rows raise, so that
   * mail written by any instance leaves at once; without it, only polling.
   */
  listenUrl?: string;
}

/** Polls every pollIntervalMs once started, and at once on a notification or wake(). */
export interface OutboxDispatcher extends Poller {
  /** One claim-and-send round over at most batchSize rows; answers how many it handled. */
  runOnce(): Promise<number>;
}

const DEFAULT_BACKOFF_BASE_MS = 5_000;
const MAX_BACKOFF_MS = 3_600_000;
const DEFAULT_LEASE_MS = 5 * 60_000;

interface ClaimedRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
  locked_until: Date;
}

export function createOutboxDispatcher(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config' | 'logger'> & { mailer: Mailer },
  options: OutboxDispatcherOptions = {},
): OutboxDispatcher {
  const { db, mailer, logger, config } = deps;
  const now = () => deps.clock.now();
  const backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;

  async function claim(): Promise<ClaimedRow[]> {
    const claimedAt = now();
    const lockedUntil = new Date(claimedAt.getTime() + leaseMs);
    return db.$queryRaw<ClaimedRow[]>`
      UPDATE outbox_messages SET locked_until = ${lockedUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox_messages
        WHERE status = 'pending' AND topic LIKE ${EMAIL_TOPIC_PATTERN} AND available_at <= ${claimedAt}
          AND (locked_until IS NULL OR locked_until <= ${claimedAt})
        ORDER BY available_at, created_at
        LIMIT ${config.OUTBOX_BATCH_SIZE}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, topic, payload, attempts, locked_until`;
  }

  async function deliver(row: ClaimedRow): Promise<void> {
    const lease = { id: row.id, lockedUntil: row.locked_until, status: 'pending' as const };
    try {
      const mail = await prepareMail({ db, config, now: now() }, row.topic, row.payload);
      if (mail !== null) await mailer.send(mail);
      // Marked only while our lease still holds, in the row itself.
      await db.outboxMessage.updateMany({
        where: lease,
        data: {
          status: 'sent',
          sentAt: mail === null ? null : now(),
          lockedUntil: null,
          lastError: mail === null ? 'skipped: no longer needed' : null,
        },
      });
      logger.info({ outboxId: row.id, topic: row.topic, sent: mail !== null }, 'outbox message handled');
    } catch (error) {
      // The code and class of the error only: its message may quote an address.
      const reason = errorCodeOf(error);
      const failed = row.attempts >= config.OUTBOX_MAX_ATTEMPTS || error instanceof NoEmailAddressError;
      const delay = Math.min(MAX_BACKOFF_MS, backoffBaseMs * 2 ** (row.attempts - 1));
      await db.outboxMessage.updateMany({
        where: lease,
        data: {
          status: failed ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: reason,
          availableAt: new Date(now().getTime() + delay),
        },
      });
      const log = { outboxId: row.id, topic: row.topic, attempts: row.attempts, reason };
      if (failed) logger.error(log, 'outbox message failed for good');
      else logger.warn({ ...log, retryInMs: delay }, 'outbox message failed; will retry');
    }
  }

  async function runOnce(): Promise<number> {
    const rows = await claim();
    for (const row of rows) await deliver(row);
    return rows.length;
  }

  const poller = createPoller({
    intervalMs: options.pollIntervalMs ?? config.OUTBOX_POLL_INTERVAL_MS,
    round: async (stopping) => {
      while ((await runOnce()) === config.OUTBOX_BATCH_SIZE && !stopping()) {
        // A full batch: more may be waiting.
      }
    },
    onError: (error) => logger.error({ reason: errorCodeOf(error) }, 'outbox round failed'),
  });
  let listener: NotificationListener | null = null;
  return {
    ...poller,
    runOnce,
    start() {
      poller.start();
      const { listenUrl } = options;
      if (listenUrl === undefined || listener !== null) return;
      listener = listenForNotifications({
        databaseUrl: listenUrl,
        channel: OUTBOX_NOTIFICATION_CHANNEL,
        onNotify: poller.wake,
        onError: (error) =>
          logger.warn({ reason: errorCodeOf(error) }, 'outbox listener lost; polling meanwhile'),
      });
    },
    async stop() {
      await listener?.stop();
      listener = null;
      await poller.stop();
    },
  };
}

function errorCodeOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown; responseCode?: unknown }).code;
    const responseCode = (error as { responseCode?: unknown }).responseCode;
    return [
      error.name,
      typeof code === 'string' ? code : null,
      typeof responseCode === 'number' ? responseCode : null,
    ]
      .filter((part) => part !== null)
      .join(' ')
      .slice(0, 200);
  }
  return 'unknown error';
}
