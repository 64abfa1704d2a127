// Global Privacy Control (LEGAL-RULES §5; Regs 7025): a browser's `Sec-GPC: 1`
// is a valid opt-out of sale and sharing. It is recorded once per browser as an
// `opt_out` request with channel `gpc` (Regs 7101 keeps every opt-out), and
// completed at once: the browser's opt-out takes effect with the signal itself.

import { randomUUID } from 'node:crypto';
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { hashToken } from '../../secrets.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Transaction } from '../../db/client.js';
import { toDateColumn } from '../../db/date-columns.js';
import type { Prisma } from '../../db/generated/client.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import { auditEntryOf, type Actor } from '../../domain/audit-events.js';
import { computeDeadlines } from '../../domain/deadlines.js';
import { decide, evolve, type RequestState } from '../../domain/lifecycle/index.js';
import { generateReference, REFERENCE_RANDOM_BYTES } from '../../domain/reference.js';
import type { Dependencies } from '../dependencies.js';

/** Stored as the completion summary; no personal data is known or needed (Regs 7025(c)). */
const GPC_COMPLETION_SUMMARY =
  'Opt-out of sale and sharing applied to the browser that sent the Global Privacy Control signal.';

const REFERENCE_ATTEMPTS = 5;
const REFERENCE_INDEX = 'privacy_requests_reference_key';

export interface GpcOptOutResult {
  /** True only the first time this browser's signal is recorded. */
  recorded: boolean;
  requestReference: string | null;
}

/**
 * The signal of a browser whose opt-out is already recorded: notes when it was
 * last seen, in one statement without a transaction, and says whether there was
 * such a browser. False for a browser never recorded, whatever cookie it offers.
 */
export async function touchRecordedGpcBrowser(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { browserToken }: { browserToken: string },
): Promise<boolean> {
  const touched = await deps.db.$executeRaw`
    UPDATE gpc_browsers SET last_signal_at = ${deps.clock.now()}
    WHERE cookie_hash = ${hashToken(browserToken)} AND request_id IS NOT NULL`;
  return touched > 0;
}

/**
 * Records the signal of the browser holding `browserToken`: the browser row is
 * upserted and, the first time, its opt-out request is created and completed, all
 * in one transaction. Concurrent calls for one browser queue on its row lock, so
 * exactly one request is recorded.
 */
export async function recordGpcOptOut(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'> & {
    readonly randomBytes?: (size: number) => Uint8Array;
  },
  { browserToken }: { browserToken: string },
): Promise<GpcOptOutResult> {
  const cookieHash = hashToken(browserToken);
  const randomBytes = deps.randomBytes ?? cryptoRandomBytes;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.db.$transaction((tx) => recordInTransaction(deps, tx, cookieHash, randomBytes));
    } catch (error) {
      if (attempt >= REFERENCE_ATTEMPTS || !isUniqueViolation(error, REFERENCE_INDEX)) throw error;
    }
  }
}

async function recordInTransaction(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy'>,
  tx: Transaction,
  cookieHash: string,
  randomBytes: (size: number) => Uint8Array,
): Promise<GpcOptOutResult> {
  const now = deps.clock.now();
  // ON CONFLICT … DO UPDATE takes the row lock, and returns the row as committed by
  // any concurrent call that got there first (READ COMMITTED).
  const [browser] = await tx.$queryRaw<{ id: string; request_id: string | null }[]>`
    INSERT INTO gpc_browsers (id, cookie_hash, first_signal_at, last_signal_at)
    VALUES (${randomUUID()}::uuid, ${cookieHash}, ${now}, ${now})
    ON CONFLICT (cookie_hash) DO UPDATE SET last_signal_at = EXCLUDED.last_signal_at
    RETURNING id, request_id`;
  if (browser === undefined) throw new Error('The GPC browser upsert returned no row');
  if (browser.request_id !== null) {
    const existing = await tx.privacyRequest.findUnique({
      where: { id: browser.request_id },
      select: { reference: true },
    });
    return { recorded: false, requestReference: existing?.reference ?? null };
  }

  const deadlines = computeDeadlines(
    { type: 'opt_out', receivedAt: now, extended: false },
    deps.policy.deadlines,
  );
  const requestId = randomUUID();
  const submitted = decide(
    null,
    {
      kind: 'submit',
      requestId,
      requestType: 'opt_out',
      channel: 'gpc',
      submitter: 'self',
      ageBand: null,
      knowScope: null,
      sensitiveData: false,
      correctedDataPoint: null,
      priorRequestThisCalendarYear: false,
      respondBy: deadlines.respondBy,
      extendedRespondBy: deadlines.extendedRespondBy,
    },
    now,
    deps.policy.lifecycle,
  );
  const afterSubmit = submitted.reduce<RequestState | null>(evolve, null);
  if (afterSubmit === null) throw new Error('A submission always creates a request');
  const completed = decide(
    afterSubmit,
    { kind: 'complete', summary: GPC_COMPLETION_SUMMARY },
    now,
    deps.policy.lifecycle,
  );
  const state = completed.reduce<RequestState>(evolve, afterSubmit);
  const reference = generateReference(randomBytes(REFERENCE_RANDOM_BYTES));

  // No subject row: nothing personal is known about a browser (see the report on
  // issue 4 about subject-less requests). No mail either: there is nobody to write to.
  await tx.privacyRequest.create({
    data: {
      id: requestId,
      reference,
      type: 'opt_out',
      jurisdiction: state.jurisdiction,
      channel: 'gpc',
      submitter: 'self',
      receivedAt: now,
      receiptDate: toDateColumn(deadlines.receiptDate),
      acknowledgeBy: null,
      status: state.status,
      respondBy: toDateColumn(state.deadlines.respondBy),
      extendedRespondBy: null,
      extended: false,
      state: state as unknown as Prisma.InputJsonObject,
    },
  });
  await tx.gpcBrowser.update({ where: { id: browser.id }, data: { requestId } });
  const actor: Actor = { type: 'system', id: 'global-privacy-control' };
  await appendAuditEvents(
    tx,
    { actor, requestId, events: [...submitted, ...completed].map(auditEntryOf) },
    now,
  );
  return { recorded: true, requestReference: reference };
}
