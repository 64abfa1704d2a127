// The mail worker: claims due outbox rows, each under its own short lease,
// writes and sends each after the claim has committed, and marks it sent in the
// same row. A row is held by one worker at a time (FOR UPDATE SKIP LOCKED plus
// `locked_until`), and the lease is extended while its message is being sent,
// so a slow relay cannot make it expire under a worker that is still at work,
// and a crash strands the messages in flight for one short lease. Every
// instance may run one, with OUTBOX_CONCURRENCY sends at once over pooled SMTP
// connections; senders that need their next message at the same moment share
// one claim statement, and each claimed row goes to a sender at once. A
// failure puts the message back with a growing pause, so nothing is lost while
// SMTP is down, until OUTBOX_RETRY_HOURS have passed: then it is marked failed
// for an admin to send again (`mail:resend`, /staff/mail). It claims email
// topics only: letters wait in the same outbox for staff to post them.

import type { Mailer } from '../mail/mailer.js';
import type { Dependencies } from '../services/dependencies.js';
import {
  claimDueOutboxRows,
  extendMailClaim,
  settleClaimedMail,
  type ClaimedMail,
} from '../services/notices/mail-delivery-repo.js';
import { OUTBOX_NOTIFICATION_CHANNEL } from '../services/notices/outbox-repo.js';
import { EMAIL_TOPIC_PATTERN } from '../services/notices/outbox-topics.js';
import { errorCodeOf } from './error-code.js';
import { prepareMail } from './mail-handlers.js';
import { createPoller, type Poller } from './poller.js';
import { wakeOnNotifications } from './notified-poller.js';

interface OutboxDispatcherOptions {
  /** Defaults to OUTBOX_POLL_INTERVAL_MS: the fallback when a notification is missed. */
  pollIntervalMs?: number;
  /** First retry delay; doubled per attempt, capped at MAX_BACKOFF_MS. */
  backoffBaseMs?: number;
  /** How long a claim lasts unless extended: a few times the extension interval. */
  leaseMs?: number;
  /**
   * Listen on this database for the notification new mail rows raise, so that
   * mail written by any instance leaves at once; without it, only polling.
   */
  listenUrl?: string;
}

/** Polls every pollIntervalMs once started, and at once on a notification or wake(). */
export interface OutboxDispatcher extends Poller {
  /** Sends what is due, OUTBOX_CONCURRENCY at a time, until nothing is; answers how many its new senders handled. */
  runOnce(): Promise<number>;
}

const DEFAULT_BACKOFF_BASE_MS = 5_000;
/** A message is tried at least this often while SMTP is down, so it leaves soon after SMTP is back. */
const MAX_BACKOFF_MS = 10 * 60_000;
/**
 * Long enough for one message's round trips on a slow relay, short enough that
 * a crash delays its message little; extended every third of it while sending.
 */
const DEFAULT_LEASE_MS = 30_000;

export function createOutboxDispatcher(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config' | 'logger' | 'dataMap'> & {
    mailer: Mailer;
  },
  options: OutboxDispatcherOptions = {},
): OutboxDispatcher {
  const { db, mailer, logger, config } = deps;
  const now = () => deps.clock.now();
  const backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const retryPeriodMs = config.OUTBOX_RETRY_HOURS * 3_600_000;

  /** Extends the claim's lease every third of it until released; release() gives the claim as it then stands, or null if lost. */
  function keepLease(row: ClaimedMail) {
    let claim: ClaimedMail | null = row;
    let extending: Promise<void> = Promise.resolve();
    const extend = async () => {
      if (claim === null) return;
      const lockedUntil = new Date(now().getTime() + leaseMs);
      claim = (await extendMailClaim(db, claim, lockedUntil)) ? { ...claim, lockedUntil } : null;
    };
    const timer = setInterval(() => {
      extending = extending.then(extend).catch(() => {});
    }, leaseMs / 3);
    return {
      async release(): Promise<ClaimedMail | null> {
        clearInterval(timer);
        await extending;
        return claim;
      },
    };
  }

  async function deliver(row: ClaimedMail): Promise<void> {
    const log = { outboxId: row.id, topic: row.topic, attempts: row.attempts };
    let claim: ClaimedMail | null = row;
    const fail = async (reason: string, forGood: boolean) => {
      if (claim === null) return;
      const giveUpAt = (row.retryUntil ?? new Date(row.createdAt.getTime() + retryPeriodMs)).getTime();
      const delay = Math.min(MAX_BACKOFF_MS, backoffBaseMs * 2 ** Math.min(row.attempts - 1, 20));
      const failed = forGood || now().getTime() + delay > giveUpAt;
      const availableAt = new Date(now().getTime() + delay);
      await settleClaimedMail(db, claim, { status: failed ? 'failed' : 'pending', reason, availableAt });
      if (failed) logger.error({ ...log, reason }, 'outbox message failed for good');
      else logger.warn({ ...log, reason, retryInMs: delay }, 'outbox message failed; will retry');
    };
    try {
      const mail = await prepareMail(
        {
          db,
          config,
          dataMap: deps.dataMap,
          now: now(),
          outboxId: row.id,
        },
        row.topic,
        row.payload,
      );
      if (mail.kind === 'undeliverable') {
        await fail(mail.reason, true);
        return;
      }
      if (mail.kind === 'send') {
        // Its Message-ID names the outbox row (prepareMail): a receiver can tell a resend of the same message.
        const { message } = mail;
        const lease = keepLease(row);
        const sending = await mailer.send(message).then(
          () => null,
          (error: unknown) => ({ error }),
        );
        claim = await lease.release();
        if (sending !== null) throw sending.error;
        if (claim === null) logger.warn(log, 'outbox claim lost while sending');
      }
      const sent = mail.kind === 'send';
      if (claim === null) return;
      await settleClaimedMail(db, claim, {
        status: 'sent',
        sentAt: sent ? now() : null,
        note: sent ? null : 'skipped: no longer needed',
      });
      logger.info({ outboxId: row.id, topic: row.topic, sent }, 'outbox message handled');
    } catch (error) {
      // The code and class of the error only: its message may quote an address.
      await fail(errorCodeOf(error), false);
    }
  }

  // Up to OUTBOX_CONCURRENCY senders at once, each claiming and delivering one
  // message after another until none is due. A wake tops them up at once, so
  // new mail never waits behind a send that a slow relay holds up.
  const senders = new Set<Promise<number>>();
  let stopped = false;

  // Senders waiting for their next row; one claim statement serves all that
  // asked before it began (a round trip per message saved under load).
  let waitingSenders: { resolve: (row: ClaimedMail | null) => void; reject: (error: unknown) => void }[] = [];
  let claiming = false;

  async function claimForWaitingSenders(): Promise<void> {
    claiming = true;
    while (waitingSenders.length > 0) {
      const batch = waitingSenders;
      waitingSenders = [];
      try {
        const claimedAt = now();
        const rows = await claimDueOutboxRows(db, {
          now: claimedAt,
          lockedUntil: new Date(claimedAt.getTime() + leaseMs),
          limit: batch.length,
          topicPattern: EMAIL_TOPIC_PATTERN,
        });
        batch.forEach((sender, index) => sender.resolve(rows[index] ?? null));
      } catch (error) {
        for (const sender of batch) sender.reject(error);
      }
    }
    claiming = false;
  }

  /** The next due row for a sender, claimed for it alone; null when none is due. */
  function claimNext(): Promise<ClaimedMail | null> {
    const claimed = new Promise<ClaimedMail | null>((resolve, reject) =>
      waitingSenders.push({ resolve, reject }),
    );
    // Senders started together (a wake) ask in the same tick: let them all join the first claim.
    if (!claiming) {
      claiming = true;
      queueMicrotask(() => void claimForWaitingSenders());
    }
    return claimed;
  }

  async function sendUntilNoneDue(): Promise<number> {
    let handled = 0;
    while (!stopped) {
      const row = await claimNext();
      if (row === null) break;
      await deliver(row);
      handled += 1;
    }
    return handled;
  }

  function topUpSenders(): Promise<number>[] {
    const started: Promise<number>[] = [];
    while (senders.size < config.OUTBOX_CONCURRENCY) {
      const sender: Promise<number> = sendUntilNoneDue()
        .catch((error: unknown) => {
          logger.error({ reason: errorCodeOf(error) }, 'outbox sender failed');
          return 0;
        })
        .finally(() => senders.delete(sender));
      senders.add(sender);
      started.push(sender);
    }
    return started;
  }

  const poller = createPoller({
    intervalMs: options.pollIntervalMs ?? config.OUTBOX_POLL_INTERVAL_MS,
    round: async () => {
      topUpSenders();
    },
    onError: (error) => logger.error({ reason: errorCodeOf(error) }, 'outbox round failed'),
  });
  const woken = wakeOnNotifications(poller, {
    listenUrl: options.listenUrl,
    channel: OUTBOX_NOTIFICATION_CHANNEL,
    onListenerLost: (error) =>
      logger.warn({ reason: errorCodeOf(error) }, 'outbox listener lost; polling meanwhile'),
  });
  return {
    ...woken,
    async runOnce() {
      const handled = await Promise.all(topUpSenders());
      await Promise.all(senders);
      return handled.reduce((sum, count) => sum + count, 0);
    },
    start() {
      stopped = false;
      woken.start();
    },
    async stop() {
      await woken.stop();
      stopped = true;
      await Promise.all(senders);
    },
  };
}
