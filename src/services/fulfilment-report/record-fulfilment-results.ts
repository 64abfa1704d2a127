// What completing a request carried out in the business's systems also writes,
// in the transaction that completes it: for a request to know, the access
// package the completion email links to; for a deletion, who was deleted from
// each system that deleted, as keyed hashes for deletions:replay (Regs 7022(d)).
// A report for a consumer who has no email, whose agent was emailed the
// completion notice, goes to the consumer by post with a completion letter.
// Nothing with an empty data map: no system to report, so requests complete
// with the officer's answer alone.

import type { Transaction } from '../../db/client.js';
import type { PrivacyRequest } from '../../db/generated/client.js';
import { summarizeFulfilment } from '../../domain/fulfilment/deletion-results.js';
import type { RequestEvent, RequestState } from '../../domain/lifecycle/index.js';
import type { Dependencies } from '../dependencies.js';
import { listTaskResults } from '../fulfilment/fulfilment-repo.js';
import { enqueueOutboxMessages } from '../notices/outbox-repo.js';
import { noticeTopic } from '../notices/outbox-topics.js';
import { findRequestParties, findRequestSubject } from '../requests/requests-repo.js';
import { createAccessPackage } from './create-access-package.js';
import { rememberDeletedIdentity } from './remember-deleted-identity.js';

export async function recordFulfilmentResults(
  deps: Pick<Dependencies, 'config' | 'clock' | 'dataMap'>,
  tx: Transaction,
  { row, state, events }: { row: PrivacyRequest; state: RequestState; events: readonly RequestEvent[] },
): Promise<void> {
  const { systems } = deps.dataMap;
  if (systems.length === 0) return;
  if (!events.some((event) => event.kind === 'request_completed')) return;
  if (row.type === 'know') {
    const results = await listTaskResults(tx, row.id);
    const { recipient } = await createAccessPackage(deps, tx, { request: row, state, systems, results });
    if (recipient === 'consumer') await sendReportByPostPastTheAgent(deps, tx, row.id);
  }
  if (row.type === 'delete') {
    const results = await listTaskResults(tx, row.id);
    const subject = await findRequestSubject(tx, row.id);
    if (subject === null) return;
    for (const line of summarizeFulfilment('delete', systems, results)) {
      if (line.outcome.kind !== 'deleted') continue;
      await rememberDeletedIdentity(deps, tx, {
        requestId: row.id,
        systemKey: line.systemKey,
        identity: subject,
      });
    }
  }
}

/**
 * Civ. 1798.130(a)(3)(A), Regs 7063(b): without a power of attorney the agent may not receive
 * the consumer's report, so the agent's completion email carries no link; a consumer with no
 * email of their own then gets it enclosed with a completion letter to their postal address.
 */
async function sendReportByPostPastTheAgent(
  deps: Pick<Dependencies, 'clock'>,
  tx: Transaction,
  requestId: string,
): Promise<void> {
  const { subject, agentEmail } = await findRequestParties(tx, requestId);
  if (agentEmail === null || subject === null || subject.email || !subject.hasPostalAddress) return;
  await enqueueOutboxMessages(
    tx,
    [{ topic: noticeTopic('request_completed', 'letter'), payload: { requestId } }],
    deps.clock.now(),
  );
}
