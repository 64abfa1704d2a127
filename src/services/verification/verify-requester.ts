// The consumer proves control of the request's email with the code or the
// one-click link it sent; what that proves is confirmEmailControl's to decide.

import { findRequestRow } from '../requests/requests-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import type { Dependencies } from '../dependencies.js';
import { hashCode, hashToken, sameHash } from '../../secrets.js';
import {
  checkChallenge,
  codeInvalid,
  findRequestByTypedReference,
  REQUEST_PURPOSES,
} from './check-challenge.js';
import { confirmEmailControl } from './confirm-email-control.js';
import type { ConsumerStatusView } from './consumer-status.js';
import { lockChallengeByLinkToken, lockOpenChallenge } from './email-challenges-repo.js';

/** The code from the email, for the request with this reference; answers its status. */
export async function verifyWithCode(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  { reference, code, actor }: { reference: string; code: string; actor: Actor },
): Promise<ConsumerStatusView> {
  const request = await findRequestByTypedReference(deps, reference);
  if (request === null || !/^\d{6}$/.test(code)) throw codeInvalid();
  return checkChallenge(deps, {
    find: (tx) => lockOpenChallenge(tx, request.id, REQUEST_PURPOSES),
    matches: (challenge) =>
      sameHash(hashCode(deps.config.SESSION_SECRET, challenge.id, code), challenge.codeHash),
    onSuccess: (tx, challenge) => confirmEmailControl(deps, tx, { challenge, actor }),
  });
}

/** The shape of a one-click link's token. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** The token from the one-click link. Answers the request's reference and status. */
export async function verifyWithLink(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  { token, actor }: { token: string; actor: Actor },
): Promise<ConsumerStatusView> {
  if (!LINK_TOKEN.test(token)) throw codeInvalid();
  const tokenHash = hashToken(token);
  return checkChallenge(deps, {
    find: (tx) => lockChallengeByLinkToken(tx, tokenHash),
    // The lookup was by hash already; compared again in constant time for form's sake.
    matches: (challenge) => sameHash(tokenHash, challenge.linkTokenHash),
    onSuccess: async (tx, challenge) =>
      challenge.purpose === 'status_lookup'
        ? findRequestRow(tx, challenge.requestId)
        : confirmEmailControl(deps, tx, { challenge, actor }),
  });
}
