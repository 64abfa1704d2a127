// A consumer looks up their request's status by its reference: a code is
// emailed to the request's address, and the status is shown once it is
// entered. Nothing tells whether the reference exists.

import { findRequestRow } from '../requests/requests-repo.js';
import type { Dependencies } from '../dependencies.js';
import { hashCode, sameHash } from '../../secrets.js';
import {
  checkChallenge,
  codeInvalid,
  findRequestByTypedReference,
  inTransactionForReference,
  sendCodeUnlessCoolingDown,
} from './check-challenge.js';
import type { ConsumerStatusView } from './consumer-status.js';
import { lockOpenChallenge } from './email-challenges-repo.js';

/**
 * Emails a code to the request's address so its status can be shown. Answers
 * the same whether or not the reference exists, and sends nothing within the
 * cooldown or while a locked lookup challenge is still live (no fresh tries).
 */
export async function requestStatusLookup(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { reference }: { reference: string },
): Promise<void> {
  await inTransactionForReference(deps, reference, (tx, requestId, now) =>
    sendCodeUnlessCoolingDown(deps, tx, { requestId, purpose: 'status_lookup', now }),
  );
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
