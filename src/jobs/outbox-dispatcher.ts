// The mail worker: claims due outbox rows with a lease, writes and sends each
// after the claim has committed, and marks it sent in the same row. A row is
// held by one worker at a time (FOR UPDATE SKIP LOCKED plus `locked_until`), so
// a message is not sent twice, and every instance may run one; a failure puts
// it back with exponential backoff, so nothing is lost while SMTP is down,
// until OUTBOX_MAX_ATTEMPTS is reached and it is marked failed. It claims email
// topics only: letters wait in the same outbox for staff to post them.

import { listenForNotifications, type NotificationListener } from '../db/notifications.js';
import type { Mailer } from '../mail/mailer.js';
import type { Dependencies } from '../services/dependencies.js';
import {
  claimDueMail,
  OUTBOX_NOTIFICATION_CHANNEL,
  settleClaimedMail,
  type ClaimedMail,
} from '../services/notices/outbox-repo.js';
import { prepareMail } from './mail-handlers.js';
import { createPoller, type Poller } from './poller.js';

interface OutboxDispatcherOptions {
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

export function createOutboxDispatcher(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config' | 'logger' | 'dataMap'> & { mailer: Mailer },
  options: OutboxDispatcherOptions = {},
): OutboxDispatcher {
  const { db, mailer, logger, config } = deps;
  const now = () => deps.clock.now();
  const backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;

  async function deliver(row: ClaimedMail): Promise<void> {
    const log = { outboxId: row.id, topic: row.topic, attempts: row.attempts };
    const fail = async (reason: string, forGood: boolean) => {
      const delay = Math.min(MAX_BACKOFF_MS, backoffBaseMs * 2 ** (row.attempts - 1));
      const availableAt = new Date(now().getTime() + delay);
      await settleClaimedMail(db, row, { status: forGood ? 'failed' : 'pending', reason, availableAt });
      if (forGood) logger.error({ ...log, reason }, 'outbox message failed for good');
      else logger.warn({ ...log, reason, retryInMs: delay }, 'outbox message failed; will retry');
    };
    try {
      const mail = await prepareMail(
        { db, config, dataMap: deps.dataMap, now: now() },
        row.topic,
        row.payload,
      );
      if (mail.kind === 'undeliverable') {
        await fail(mail.reason, true);
        return;
      }
      if (mail.kind === 'send') await mailer.send(mail.message);
      const sent = mail.kind === 'send';
      await settleClaimedMail(db, row, {
        status: 'sent',
        sentAt: sent ? now() : null,
        note: sent ? null : 'skipped: no longer needed',
      });
      logger.info({ outboxId: row.id, topic: row.topic, sent }, 'outbox message handled');
    } catch (error) {
      // The code and class of the error only: its message may quote an address.
      await fail(errorCodeOf(error), row.attempts >= config.OUTBOX_MAX_ATTEMPTS);
    }
  }

  async function runOnce(): Promise<number> {
    const claimedAt = now();
    const rows = await claimDueMail(db, {
      now: claimedAt,
      lockedUntil: new Date(claimedAt.getTime() + leaseMs),
      limit: config.OUTBOX_BATCH_SIZE,
    });
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
