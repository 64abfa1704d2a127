// The consumer asks for their verification code again: a new one (the worker
// issues fresh secrets when it sends), after the cooldown. A code locked by too
// many wrong tries is replaced by a fresh challenge, so an honest consumer who
// mistyped is never stuck; the cooldown and the rate limits bound the guessing.

import { RuleConflictError } from '../../domain/errors.js';
import { VERIFICATION_CODE_TOPIC } from '../notices/outbox-topics.js';
import type { Dependencies } from '../dependencies.js';
import { cooldownLeftSeconds, inTransactionForReference, REQUEST_PURPOSES } from './check-challenge.js';
import { lockOpenChallenge, resendChallenge } from './email-challenges-repo.js';
import { startEmailVerification } from './start-email-verification.js';

/** An unknown reference is answered like a known one. */
export async function resendVerification(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { reference }: { reference: string },
): Promise<void> {
  await inTransactionForReference(deps, reference, async (tx, requestId, now) => {
    const challenge = await lockOpenChallenge(tx, requestId, REQUEST_PURPOSES);
    // Nothing to send, answered like an unknown reference: no answer tells a stranger it exists.
    if (challenge === null) return;
    const waitSeconds = cooldownLeftSeconds(deps, challenge, now);
    if (waitSeconds > 0) {
      throw new RuleConflictError(
        'VERIFICATION.RESEND_TOO_SOON',
        'A code was sent a moment ago. Please wait before asking for another.',
        { retryAfterSeconds: waitSeconds },
      );
    }
    if (challenge.lockedAt !== null) {
      await startEmailVerification(deps, { requestId, purpose: challenge.purpose, tx });
      return;
    }
    await resendChallenge(tx, {
      id: challenge.id,
      now,
      outbox: [{ topic: VERIFICATION_CODE_TOPIC, payload: { challengeId: challenge.id } }],
    });
  });
}
