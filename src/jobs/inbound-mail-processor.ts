// The processor of received mail: claims stored messages with a lease and
// processes each (services/inbound-mail/process-inbound-message.ts). Every
// instance may run one: a message is claimed by one at a time, and marking it
// processed is guarded by the claim, so a message is acted on once; after a
// crash its claim runs out and another round takes it up.

import type { Dependencies } from '../services/dependencies.js';
import {
  claimPendingInboundMessages,
  INBOUND_NOTIFICATION_CHANNEL,
  postponeInboundMessage,
} from '../services/inbound-mail/inbound-mail-repo.js';
import { processInboundMessage } from '../services/inbound-mail/process-inbound-message.js';
import { createPoller, type Poller } from './poller.js';
import { wakeOnNotifications } from './notified-poller.js';

export interface InboundMailProcessor extends Poller {
  /** One claim-and-process round; answers how many messages it claimed. */
  runOnce(): Promise<number>;
}

const BATCH_SIZE = 20;
/** Longer than the authentication checks' bound plus the writes. */
const LEASE_MS = 2 * 60_000;
const RETRY_BASE_MS = 5_000;
const MAX_RETRY_MS = 3_600_000;

export function createInboundMailProcessor(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config' | 'policy' | 'logger'>,
  options: { pollIntervalMs?: number; listenUrl?: string } = {},
): InboundMailProcessor {
  const { db, logger } = deps;

  async function runOnce(): Promise<number> {
    const now = deps.clock.now();
    const claims = await claimPendingInboundMessages(db, {
      now,
      lockedUntil: new Date(now.getTime() + LEASE_MS),
      limit: BATCH_SIZE,
    });
    for (const claim of claims) {
      try {
        const kind = await processInboundMessage(deps, claim);
        logger.info({ inboundMessageId: claim.id, kind }, 'inbound message processed');
      } catch (error) {
        const reason = error instanceof Error ? error.name : 'unknown error';
        const delay = Math.min(MAX_RETRY_MS, RETRY_BASE_MS * 2 ** (claim.attempts - 1));
        const availableAt = new Date(deps.clock.now().getTime() + delay);
        await postponeInboundMessage(db, claim, { reason, availableAt });
        // The error's class only: its message may quote the sender.
        logger.error({ inboundMessageId: claim.id, reason }, 'inbound message processing failed');
      }
    }
    return claims.length;
  }

  const poller = createPoller({
    intervalMs: options.pollIntervalMs ?? deps.config.OUTBOX_POLL_INTERVAL_MS,
    round: async (stopping) => {
      while ((await runOnce()) === BATCH_SIZE && !stopping()) {
        // A full batch: more may be waiting.
      }
    },
    onError: (error) =>
      logger.error({ reason: error instanceof Error ? error.name : 'unknown' }, 'inbound mail round failed'),
  });
  const woken = wakeOnNotifications(poller, {
    listenUrl: options.listenUrl,
    channel: INBOUND_NOTIFICATION_CHANNEL,
    onListenerLost: () => logger.warn('inbound mail listener lost; polling meanwhile'),
  });
  return { ...woken, runOnce };
}
