// What every use of an email challenge shares: finding the request by the
// reference a consumer typed, the resend cooldown, and checking a code or link
// with its row locked, so that concurrent guesses are counted one by one.

import type { Transaction } from '../../db/client.js';
import type { ChallengePurpose, EmailChallenge, PrivacyRequest } from '../../db/generated/client.js';
import { InvalidCommandError } from '../../domain/errors.js';
import { normalizeReference } from '../../domain/reference.js';
import { findRequestByReference, lockRequest } from '../requests/requests-repo.js';
import type { Dependencies } from '../dependencies.js';
import { consumerStatusViewOf, type ConsumerStatusView } from './consumer-status.js';
import { confirmChallenge, findLatestChallenge, recordFailedAttempt } from './email-challenges-repo.js';
import { startEmailVerification } from './start-email-verification.js';

/** Purposes that verify the requester (the consumer's own, or confirming an agent). */
export const REQUEST_PURPOSES: readonly ChallengePurpose[] = [
  'request_verification',
  'agent_authorization_confirmation',
];

export const codeInvalid = () =>
  new InvalidCommandError(
    'VERIFICATION.CODE_INVALID',
    'The code is not valid. Check it and try again; after several wrong codes, ask for a new code.',
    { field: 'code' },
  );
const codeExpired = () =>
  new InvalidCommandError('VERIFICATION.CODE_EXPIRED', 'The code has expired. Ask for a new one.', {
    field: 'code',
  });

/** The request with the reference as the consumer typed it, or null. */
export async function findRequestByTypedReference(
  deps: Pick<Dependencies, 'db'>,
  reference: string,
): Promise<PrivacyRequest | null> {
  const normalized = normalizeReference(reference);
  return normalized === null ? null : findRequestByReference(deps.db, normalized);
}

/**
 * Runs `step` in one transaction for the request with the reference the
 * consumer typed; nothing for an unknown reference, which the caller answers
 * like a known one.
 */
export async function inTransactionForReference(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  reference: string,
  step: (tx: Transaction, requestId: string, now: Date) => Promise<void>,
): Promise<void> {
  const request = await findRequestByTypedReference(deps, reference);
  if (request === null) return;
  const now = deps.clock.now();
  await deps.db.$transaction((tx) => step(tx, request.id, now));
}

/** How long before another code may be emailed for this challenge (the resend cooldown). */
export function cooldownLeftSeconds(
  deps: Pick<Dependencies, 'config'>,
  challenge: Pick<EmailChallenge, 'lastSentAt'>,
  now: Date,
): number {
  const allowedAt = challenge.lastSentAt.getTime() + deps.config.VERIFICATION_RESEND_COOLDOWN_SECONDS * 1000;
  return Math.ceil((allowedAt - now.getTime()) / 1000);
}

/**
 * Emails a new code of this purpose for the request, unless one was sent
 * within the cooldown or a locked one is still live (no fresh tries). Locks
 * the request, so two at once cannot both pass the cooldown.
 */
export async function sendCodeUnlessCoolingDown(
  deps: Pick<Dependencies, 'clock' | 'config'>,
  tx: Transaction,
  { requestId, purpose, now }: { requestId: string; purpose: ChallengePurpose; now: Date },
): Promise<void> {
  await lockRequest(tx, requestId);
  const latest = await findLatestChallenge(tx, requestId, purpose);
  if (latest !== null) {
    const cooling = cooldownLeftSeconds(deps, latest, now) > 0;
    const lockedAndLive = latest.lockedAt !== null && latest.expiresAt > now;
    if (cooling || lockedAndLive) return;
  }
  await startEmailVerification(deps, { requestId, purpose, tx });
}

type Outcome =
  { kind: 'verified'; row: PrivacyRequest } | { kind: 'invalid' | 'expired' | 'locked' | 'not_pending' };

/**
 * One transaction with the challenge row locked (by `find`). A wrong code is
 * counted and committed before the error is thrown, and the answer never says
 * which data point or step failed.
 */
export async function checkChallenge(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  steps: {
    find: (tx: Transaction) => Promise<EmailChallenge | null>;
    matches: (challenge: EmailChallenge) => boolean;
    onSuccess: (tx: Transaction, challenge: EmailChallenge) => Promise<PrivacyRequest>;
  },
): Promise<ConsumerStatusView> {
  const now = deps.clock.now();
  const outcome = await deps.db.$transaction(async (tx): Promise<Outcome> => {
    const challenge = await steps.find(tx);
    if (challenge === null || challenge.consumedAt !== null) return { kind: 'not_pending' };
    if (challenge.lockedAt !== null) return { kind: 'locked' };
    if (challenge.expiresAt <= now) return { kind: 'expired' };
    if (!steps.matches(challenge)) {
      const failedAttempts = challenge.failedAttempts + 1;
      const nowLocked = failedAttempts >= deps.config.VERIFICATION_MAX_ATTEMPTS;
      await recordFailedAttempt(tx, { id: challenge.id, failedAttempts, lockedAt: nowLocked ? now : null });
      return { kind: nowLocked ? 'locked' : 'invalid' };
    }
    await confirmChallenge(tx, challenge.id, now);
    return { kind: 'verified', row: await steps.onSuccess(tx, challenge) };
  });
  switch (outcome.kind) {
    case 'verified':
      return consumerStatusViewOf(outcome.row, { emailControlProven: true });
    case 'invalid':
      throw codeInvalid();
    case 'expired':
      throw codeExpired();
    case 'locked':
    case 'not_pending':
      // A locked challenge, a used or superseded code read like a wrong code for an unknown
      // reference: the answer must not tell a stranger that a reference exists.
      throw codeInvalid();
  }
}
