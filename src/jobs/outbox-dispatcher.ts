// The mail worker (STYLE rules 5 and 11): claims due outbox rows with a lease,
// writes and sends each after the claim has committed, and marks it sent in
// the same row. A row is held by one worker at a time (FOR UPDATE SKIP LOCKED
// plus `locked_until`), so a message is not sent twice; a failure puts it back
// with exponential backoff, so nothing is lost while SMTP is down, until
// OUTBOX_MAX_ATTEMPTS is reached and it is marked failed. It claims email
// topics only: letters wait in the same outbox for staff to post them.

import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../mail/mailer.js';
import type { ConsumerSettings } from '../services/consumer-dependencies.js';
import { EMAIL_TOPIC_PATTERN } from '../services/mail-topics.js';
import { NoEmailAddressError, prepareMail } from './mail-handlers.js';

export interface OutboxDispatcherOptions {
  db: Database;
  mailer: Mailer;
  logger: Logger;
  now: () => Date;
  publicBaseUrl: string;
  timeZone: string;
  consumer: ConsumerSettings;
  maxAttempts: number;
  batchSize: number;
  pollIntervalMs: number;
  /** First retry delay; doubled per attempt, capped at an hour. */
  backoffBaseMs?: number;
  /** How long a claim lasts: longer than the mailer's worst-case timeouts. */
  leaseMs?: number;
}

export interface OutboxDispatcher {
  /** Polls every pollIntervalMs until stopped. */
  start(): void;
  /** Looks now instead of at the next poll. */
  wake(): void;
  /** One claim-and-send round over at most batchSize rows; answers how many it handled. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
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

export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { db, mailer, logger } = options;
  const backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  async function claim(): Promise<ClaimedRow[]> {
    const now = options.now();
    const lockedUntil = new Date(now.getTime() + leaseMs);
    return db.$queryRaw<ClaimedRow[]>`
      UPDATE outbox_messages SET locked_until = ${lockedUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox_messages
        WHERE status = 'pending' AND topic LIKE ${EMAIL_TOPIC_PATTERN} AND available_at <= ${now}
          AND (locked_until IS NULL OR locked_until <= ${now})
        ORDER BY available_at, created_at
        LIMIT ${options.batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, topic, payload, attempts, locked_until`;
  }

  async function deliver(row: ClaimedRow): Promise<void> {
    const lease = { id: row.id, lockedUntil: row.locked_until, status: 'pending' as const };
    try {
      const mail = await prepareMail(
        {
          db,
          now: options.now(),
          publicBaseUrl: options.publicBaseUrl,
          timeZone: options.timeZone,
          consumer: options.consumer,
        },
        row.topic,
        row.payload,
      );
      if (mail !== null) await mailer.send(mail);
      // Marked only while our lease still holds, in the row itself.
      await db.outboxMessage.updateMany({
        where: lease,
        data: {
          status: 'sent',
          sentAt: mail === null ? null : options.now(),
          lockedUntil: null,
          lastError: mail === null ? 'skipped: no longer needed' : null,
        },
      });
      logger.info({ outboxId: row.id, topic: row.topic, sent: mail !== null }, 'outbox message handled');
    } catch (error) {
      // The code and class of the error only: its message may quote an address.
      const reason = errorCodeOf(error);
      const failed = row.attempts >= options.maxAttempts || error instanceof NoEmailAddressError;
      const delay = Math.min(MAX_BACKOFF_MS, backoffBaseMs * 2 ** (row.attempts - 1));
      await db.outboxMessage.updateMany({
        where: lease,
        data: {
          status: failed ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: reason,
          availableAt: new Date(options.now().getTime() + delay),
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

  async function loop(): Promise<void> {
    do {
      again = false;
      try {
        while ((await runOnce()) === options.batchSize && !stopped) {
          // a full batch: there may be more due
        }
      } catch (error) {
        logger.error({ reason: errorCodeOf(error) }, 'outbox round failed');
      }
    } while (again && !stopped);
  }

  function trigger(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop().finally(() => {
      running = null;
    });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(trigger, options.pollIntervalMs);
      timer.unref();
      trigger();
    },
    wake: trigger,
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
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
