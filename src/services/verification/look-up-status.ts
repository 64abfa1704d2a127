// A consumer looks up their request's status by its reference: a code is
// emailed to the request's address, and the status is shown once it is
// entered. Nothing tells whether the reference exists.

import { findRequestRow, lockRequest } from '../requests/requests-repo.js';
import type { Dependencies } from '../dependencies.js';
import { hashCode, sameHash } from '../../secrets.js';
import {
  checkChallenge,
  codeInvalid,
  cooldownLeftSeconds,
  findRequestByTypedReference,
  inTransactionForReference,
} from './check-challenge.js';
import type { ConsumerStatusView } from './consumer-status.js';
import { findLatestChallenge, lockOpenChallenge } from './email-challenges-repo.js';
import { startEmailVerification } from './start-email-verification.js';

/**
 * Emails a code to the request's address so its status can be shown. Answers
 * the same whether or not the reference exists, and sends nothing within the
 * cooldown or while a locked lookup challenge is still live (no fresh tries).
 */
export async function requestStatusLookup(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { reference }: { reference: string },
): Promise<void> {
  await inTransactionForReference(deps, reference, async (tx, requestId, now) => {
    // Serialises lookups of one request, so two at once cannot both pass the cooldown.
    await lockRequest(tx, requestId);
    const latest = await findLatestChallenge(tx, requestId, 'status_lookup');
    if (latest !== null) {
      const cooling = cooldownLeftSeconds(deps, latest, now) > 0;
      const lockedAndLive = latest.lockedAt !== null && latest.expiresAt > now;
      if (cooling || lockedAndLive) return;
    }
    await startEmailVerification(deps, { requestId, purpose: 'status_lookup', tx });
  });
}

/** The status view, once the code from the status-lookup email is confirmed. */
export async function confirmStatusLookup(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { reference, code }: { reference: string; code: string },
): Promise<ConsumerStatusView> {
  const request = await findRequestByTypedReference(deps, reference);
  if (request === null || !/^\d{6}$/.test(code)) throw codeInvalid();
  return checkChallenge(deps, {
    find: (tx) => lockOpenChallenge(tx, request.id, ['status_lookup']),
    matches: (challenge) =>
      sameHash(hashCode(deps.config.SESSION_SECRET, challenge.id, code), challenge.codeHash),
    onSuccess: (tx) => findRequestRow(tx, request.id),
  });
}
