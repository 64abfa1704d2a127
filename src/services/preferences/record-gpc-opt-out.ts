// Global Privacy Control (docs/legal-rules.md#global-privacy-control; Regs
// 7025): a browser's `Sec-GPC: 1` is a valid opt-out of sale and sharing. It is
// recorded once per browser as an `opt_out` request with channel `gpc` (Regs
// 7101 keeps every opt-out), completed at once: the browser's opt-out takes
// effect with the signal itself. The request names nobody and sends no mail:
// nothing personal is known about a browser.

import { hashToken } from '../../secrets.js';
import type { Actor } from '../../domain/audit-events.js';
import type { Dependencies } from '../dependencies.js';
import {
  writeSubmission,
  type Submission,
  type SubmitRequestDependencies,
} from '../requests/submit-request.js';
import { attachGpcRequest, lockGpcBrowser, touchRecordedGpcBrowser } from './preferences-repo.js';

const GPC_ACTOR: Actor = { type: 'system', id: 'global-privacy-control' };

const GPC_SUBMISSION: Submission = {
  type: 'opt_out',
  channel: 'gpc',
  submitter: 'self',
  sensitiveData: false,
  subject: null,
};

interface GpcOptOutResult {
  /** True only the first time this browser's signal is recorded. */
  recorded: boolean;
  requestReference: string;
}

/**
 * The signal of a browser whose opt-out is already recorded: notes when it was
 * last seen, in one statement without a transaction, and says whether there was
 * such a browser. False for a browser never recorded, whatever cookie it offers.
 */
export async function touchGpcBrowser(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { browserToken }: { browserToken: string },
): Promise<boolean> {
  return touchRecordedGpcBrowser(deps.db, { cookieHash: hashToken(browserToken), now: deps.clock.now() });
}

/**
 * Records the signal of the browser holding `browserToken`: the browser row is
 * upserted and, the first time, its opt-out request is written and completed,
 * all in one transaction. Concurrent calls for one browser queue on its row
 * lock, so exactly one request is recorded.
 */
export async function recordGpcOptOut(
  deps: SubmitRequestDependencies,
  { browserToken }: { browserToken: string },
): Promise<GpcOptOutResult> {
  const cookieHash = hashToken(browserToken);
  const { summary, created } = await writeSubmission(deps, {
    input: GPC_SUBMISSION,
    actor: GPC_ACTOR,
    extras: {
      earlierRequest: (tx) => lockGpcBrowser(tx, { cookieHash, now: deps.clock.now() }),
      alsoWrite: (tx, written) => attachGpcRequest(tx, { cookieHash, requestId: written.row.id }),
    },
  });
  return { recorded: created, requestReference: summary.reference };
}
