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
import { createPoller, type Poller } from './poller.js';

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

/** Polls every pollIntervalMs once started; wake() looks at once. */
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

export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { db, mailer, logger } = options;
  const backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;

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

  const poller = createPoller({
    intervalMs: options.pollIntervalMs,
    round: async (stopping) => {
      while ((await runOnce()) === options.batchSize && !stopping()) {
        // A full batch: more may be waiting.
      }
    },
    onError: (error) => logger.error({ reason: errorCodeOf(error) }, 'outbox round failed'),
  });
  return { ...poller, runOnce };
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
