// The jobs a server instance runs beside HTTP: the mail worker, the fulfilment worker, the
// processor of received mail, the audit linker, and every few minutes the closing of unverified
// requests and the purge of spent counters, idempotency keys and expired access packages. Every
// instance may run them:
// each is safe when another instance runs it at the same time.

import type { Mailer } from '../mail/mailer.js';
import type { Dependencies } from '../services/dependencies.js';
import { purgeRateLimitCounters } from '../services/rate-limits/check-rate-limits.js';
import { purgeSignInThrottles } from '../services/staff-accounts/throttle-sign-ins.js';
import { linkPendingAuditEvents } from '../services/audit/audit-chain-repo.js';
import { purgeExpiredAccessPackages } from '../services/fulfilment-report/purge-expired-access-packages.js';
import { auditEndedLookupHours } from '../services/preferences/audit-preference-lookups.js';
import { deleteIdempotencyKeysCreatedBefore } from '../services/requests/new-requests-repo.js';
import { createAuditCheckpointer } from './audit-checkpointer.js';
import { createAuditLinker } from './audit-linker.js';
import { closeUnverifiedRequests } from './close-unverified-requests.js';
import { createImapPoller } from './imap-poller.js';
import { createInboundMailProcessor } from './inbound-mail-processor.js';
import { createFulfilmentWorker } from './fulfilment-worker.js';
import { createOutboxDispatcher, type OutboxDispatcher } from './outbox-dispatcher.js';

const MAINTENANCE_INTERVAL_MS = 5 * 60_000;
/** Replays of an Idempotency-Key are honoured for a day. */
const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 3_600_000;

interface BackgroundJobs {
  readonly outbox: OutboxDispatcher;
  start(): void;
  stop(): Promise<void>;
}

export function createBackgroundJobs(
  deps: Dependencies & { mailer: Mailer },
  { databaseUrl }: { databaseUrl: string },
): BackgroundJobs {
  const { logger, db, clock } = deps;
  const outbox = createOutboxDispatcher(deps, { listenUrl: databaseUrl });
  const auditLinker = createAuditLinker({ db, logger });
  const auditCheckpointer = createAuditCheckpointer(deps);
  const inboundMail = createInboundMailProcessor(deps, { listenUrl: databaseUrl });
  const imap = deps.config.IMAP_URL === undefined ? null : createImapPoller(deps, deps.config.IMAP_URL);
  const fulfilment = createFulfilmentWorker(deps, { listenUrl: databaseUrl });
  let timer: NodeJS.Timeout | null = null;
  let maintenance: Promise<void> | null = null;

  const maintain = async () => {
    const now = clock.now();
    await closeUnverifiedRequests(deps);
    await purgeRateLimitCounters(deps);
    await purgeSignInThrottles(deps);
    await purgeExpiredAccessPackages(deps);
    await auditEndedLookupHours(deps);
    await deleteIdempotencyKeysCreatedBefore(db, new Date(now.getTime() - IDEMPOTENCY_KEY_LIFETIME_MS));
    outbox.wake();
  };
  const runMaintenance = () => {
    if (maintenance) return;
    maintenance = maintain()
      .catch((error: unknown) => logger.error({ err: error }, 'maintenance round failed'))
      .finally(() => {
        maintenance = null;
      });
  };

  return {
    outbox,
    start() {
      outbox.start();
      inboundMail.start();
      imap?.start();
      fulfilment.start();
      auditLinker.start();
      auditCheckpointer?.start();
      runMaintenance();
      timer = setInterval(runMaintenance, MAINTENANCE_INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await auditCheckpointer?.stop();
      await imap?.stop();
      await inboundMail.stop();
      await outbox.stop();
      await fulfilment.stop();
      await maintenance;
      // Last, so the events of the rounds above are sealed too; another instance
      // (or this one's next start) seals whatever a failure here leaves.
      await auditLinker.stop();
      await linkPendingAuditEvents(db).catch((error: unknown) =>
        logger.error({ err: error }, 'audit linking at shutdown failed'),
      );
    },
  };
}
