// Email verification for consumers (Regs 7060–7063): a six-digit code and a
// one-click link, hashed at rest, expiring, locking after too many wrong codes,
// resendable after a cooldown. The secrets themselves are made by the mail
// worker when it sends (src/jobs/mail-handlers.ts), so they exist in plain text
// only in the email.

import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../db/client.js';
import type { ChallengePurpose } from '../../db/generated/client.js';
import type { OutboxMessageInput } from '../notices/outbox-repo.js';
import { VERIFICATION_CODE_TOPIC } from '../notices/outbox-topics.js';
import type { Dependencies } from '../dependencies.js';
import { unusableHash } from '../../secrets.js';
import { replaceOpenChallenge, type NewEmailChallenge } from './email-challenges-repo.js';

/**
 * A new challenge and the message that sends it. It starts with unusable
 * hashes: the mail worker issues the code and link when it sends.
 */
export function emailChallengeFor(
  deps: Pick<Dependencies, 'config'>,
  { requestId, purpose, now }: { requestId: string; purpose: ChallengePurpose; now: Date },
): { challenge: NewEmailChallenge; message: OutboxMessageInput } {
  const challengeId = randomUUID();
  return {
    challenge: {
      id: challengeId,
      requestId,
      purpose,
      codeHash: unusableHash(),
      linkTokenHash: unusableHash(),
      expiresAt: new Date(now.getTime() + deps.config.VERIFICATION_CODE_TTL_HOURS * 3_600_000),
    },
    message: { topic: VERIFICATION_CODE_TOPIC, payload: { challengeId } },
  };
}

/**
 * Replaces the request's open challenge of this purpose with a new one and
 * queues its email, in the caller's transaction.
 */
export async function startEmailVerification(
  deps: Pick<Dependencies, 'clock' | 'config'>,
  { requestId, purpose, tx }: { requestId: string; purpose: ChallengePurpose; tx: Transaction },
): Promise<void> {
  const now = deps.clock.now();
  const { challenge, message } = emailChallengeFor(deps, { requestId, purpose, now });
  await replaceOpenChallenge(tx, { ...challenge, now, outbox: [message] });
}
