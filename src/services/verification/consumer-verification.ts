// Email verification for consumers (issue 4, part 2; Regs 7060–7063): a
// six-digit code and a one-click link, hashed at rest, expiring, locking after
// too many wrong codes, resendable after a cooldown. The secrets themselves are
// made by the mail worker when it sends (src/jobs/mail-handlers.ts), so they
// exist in plain text only in the email.

import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../db/client.js';
import { replaceOpenChallenge, type NewEmailChallenge } from './email-challenges-repo.js';
import type { ChallengePurpose, EmailChallenge, PrivacyRequest } from '../../db/generated/client.js';
import { enqueueOutboxMessages, type OutboxMessageInput } from '../notices/outbox-repo.js';
import type { Actor } from '../../domain/audit-events.js';
import { InvalidCommandError, RuleConflictError } from '../../domain/errors.js';
import { normalizeReference } from '../../domain/reference.js';
import { confirmEmailControl } from './confirm-email-control.js';
import type { Dependencies } from '../dependencies.js';
import { consumerStatusViewOf, type ConsumerStatusView } from './consumer-status.js';
import { VERIFICATION_CODE_TOPIC } from '../notices/outbox-topics.js';
import { hashCode, hashToken, sameHash, unusableHash } from '../../secrets.js';

export type { ChallengePurpose };

/** Purposes that verify the requester (the consumer's own, or confirming an agent). */
const REQUEST_PURPOSES: readonly ChallengePurpose[] = [
  'request_verification',
  'agent_authorization_confirmation',
];

export const codeInvalid = () =>
  new InvalidCommandError('VERIFICATION.CODE_INVALID', 'The code is not valid. Check it and try again.', {
    field: 'code',
  });
const codeExpired = () =>
  new InvalidCommandError('VERIFICATION.CODE_EXPIRED', 'The code has expired. Ask for a new one.', {
    field: 'code',
  });
const locked = () =>
  new RuleConflictError(
    'VERIFICATION.LOCKED',
    'Too many wrong codes were entered. Please contact us to continue with this request.',
  );
const notPending = () =>
  new RuleConflictError('VERIFICATION.NOT_PENDING', 'This request is not waiting for a code.');

/**
 * A new challenge and the message that sends it. It starts with unusable
 * hashes: the mail worker issues the code and link when it sends.
 */
export function emailChallengeFor(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
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
      expiresAt: expiryFrom(deps, now),
    },
    message: { topic: VERIFICATION_CODE_TOPIC, payload: { challengeId } },
  };
}

/**
 * Replaces the request's open challenge of this purpose with a new one and
 * queues its email, in `tx` when given (the caller's transaction) or in one of its own.
 */
export async function startEmailVerification(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  { requestId, purpose, tx }: { requestId: string; purpose: ChallengePurpose; tx?: Transaction },
): Promise<{ challengeId: string }> {
  const now = deps.clock.now();
  const { challenge, message } = emailChallengeFor(deps, { requestId, purpose, now });
  const write = async (inside: Transaction) => {
    await replaceOpenChallenge(inside, { ...challenge, now, outbox: [message] });
    return { challengeId: challenge.id };
  };
  if (tx) return write(tx);
  const result = await deps.db.$transaction(write);
  return result;
}

export function expiryFrom(deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>, from: Date): Date {
  return new Date(from.getTime() + deps.config.VERIFICATION_CODE_TTL_HOURS * 3_600_000);
}

/** The code from the email, for the request with this reference; answers its status. */
export async function verifyWithCode(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  { reference, code, actor }: { reference: string; code: string; actor: Actor },
): Promise<ConsumerStatusView> {
  const request = await findByReference(deps, reference);
  if (request === null || !/^\d{6}$/.test(code)) throw codeInvalid();
  return checkChallenge(deps, {
    find: (tx) => lockOpenChallenge(tx, request.id, REQUEST_PURPOSES),
    matches: (challenge) =>
      sameHash(hashCode(deps.config.SESSION_SECRET, challenge.id, code), challenge.codeHash),
    onSuccess: (tx, challenge) => confirmEmailControl(deps, tx, { challenge, actor }),
  });
}

/** The token from the one-click link. Answers the request's reference and status. */
export async function verifyWithLink(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  { token, actor }: { token: string; actor: Actor },
): Promise<ConsumerStatusView> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw codeInvalid();
  const tokenHash = hashToken(token);
  return checkChallenge(deps, {
    find: async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM email_challenges WHERE link_token_hash = ${tokenHash} FOR UPDATE`;
      const id = rows[0]?.id;
      return id === undefined ? null : tx.emailChallenge.findUnique({ where: { id } });
    },
    // The lookup was by hash already; compared again in constant time for form's sake.
    matches: (challenge) => sameHash(tokenHash, challenge.linkTokenHash),
    onSuccess: async (tx, challenge) =>
      challenge.purpose === 'status_lookup'
        ? tx.privacyRequest.findUniqueOrThrow({ where: { id: challenge.requestId } })
        : confirmEmailControl(deps, tx, { challenge, actor }),
  });
}

/**
 * Sends the code again (a new one: the worker issues fresh secrets) after the
 * cooldown. An unknown reference is answered like a known one.
 */
export async function resendVerification(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  { reference }: { reference: string },
): Promise<void> {
  const request = await findByReference(deps, reference);
  if (request === null) return;
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const challenge = await lockOpenChallenge(tx, request.id, REQUEST_PURPOSES);
    if (challenge === null) throw notPending();
    if (challenge.lockedAt !== null) throw locked();
    const waitSeconds = cooldownLeftSeconds(deps, challenge, now);
    if (waitSeconds > 0) {
      throw new RuleConflictError(
        'VERIFICATION.RESEND_TOO_SOON',
        'A code was sent a moment ago. Please wait before asking for another.',
        { retryAfterSeconds: waitSeconds },
      );
    }
    await tx.emailChallenge.update({
      where: { id: challenge.id },
      data: { lastSentAt: now, sendCount: { increment: 1 } },
    });
    await enqueueOutboxMessages(
      tx,
      [{ topic: VERIFICATION_CODE_TOPIC, payload: { challengeId: challenge.id } }],
      now,
    );
  });
}

/**
 * Emails a code to the request's address so its status can be shown. Answers
 * the same whether or not the reference exists, and sends nothing within the
 * cooldown or while a locked lookup challenge is still live (no fresh tries).
 */
export async function requestStatusLookup(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  { reference }: { reference: string },
): Promise<void> {
  const request = await findByReference(deps, reference);
  if (request === null) return;
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    // Serialises lookups of one request, so two at once cannot both pass the cooldown.
    await tx.$executeRaw`SELECT id FROM privacy_requests WHERE id = ${request.id}::uuid FOR UPDATE`;
    const latest = await tx.emailChallenge.findFirst({
      where: { requestId: request.id, purpose: 'status_lookup' },
      orderBy: { createdAt: 'desc' },
    });
    if (latest !== null) {
      const cooling = cooldownLeftSeconds(deps, latest, now) > 0;
      const lockedAndLive = latest.lockedAt !== null && latest.expiresAt > now;
      if (cooling || lockedAndLive) return false;
    }
    await startEmailVerification(deps, { requestId: request.id, purpose: 'status_lookup', tx });
    return true;
  });
}

/** The status view, once the code from the status-lookup email is confirmed. */
export async function confirmStatusLookup(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  { reference, code }: { reference: string; code: string },
): Promise<ConsumerStatusView> {
  const request = await findByReference(deps, reference);
  if (request === null || !/^\d{6}$/.test(code)) throw codeInvalid();
  return checkChallenge(deps, {
    find: (tx) => lockOpenChallenge(tx, request.id, ['status_lookup']),
    matches: (challenge) =>
      sameHash(hashCode(deps.config.SESSION_SECRET, challenge.id, code), challenge.codeHash),
    onSuccess: (tx) => tx.privacyRequest.findUniqueOrThrow({ where: { id: request.id } }),
  });
}

/** How long before another code may be emailed for this challenge (issue 4, part 2: resend cooldown). */
function cooldownLeftSeconds(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  challenge: Pick<EmailChallenge, 'lastSentAt'>,
  now: Date,
): number {
  const allowedAt = challenge.lastSentAt.getTime() + deps.config.VERIFICATION_RESEND_COOLDOWN_SECONDS * 1000;
  return Math.ceil((allowedAt - now.getTime()) / 1000);
}

async function findByReference(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  reference: string,
): Promise<PrivacyRequest | null> {
  const normalized = normalizeReference(reference);
  if (normalized === null) return null;
  return deps.db.privacyRequest.findUnique({ where: { reference: normalized } });
}

/** The newest challenge of these purposes that is not used up, locked for this transaction. */
async function lockOpenChallenge(
  tx: Transaction,
  requestId: string,
  purposes: readonly ChallengePurpose[],
): Promise<EmailChallenge | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM email_challenges
    WHERE request_id = ${requestId}::uuid AND consumed_at IS NULL
      AND purpose::text = ANY(${[...purposes]}::text[])
    ORDER BY created_at DESC LIMIT 1 FOR UPDATE`;
  const id = rows[0]?.id;
  return id === undefined ? null : tx.emailChallenge.findUnique({ where: { id } });
}

type Outcome =
  { kind: 'verified'; row: PrivacyRequest } | { kind: 'invalid' | 'expired' | 'locked' | 'not_pending' };

/**
 * One transaction with the challenge row locked, so concurrent guesses are
 * counted one by one. A wrong code is counted and committed before the error
 * is thrown, and the answer never says which data point or step failed.
 */
async function checkChallenge(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
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
      await tx.emailChallenge.update({
        where: { id: challenge.id },
        data: { failedAttempts, ...(nowLocked && { lockedAt: now }) },
      });
      return { kind: nowLocked ? 'locked' : 'invalid' };
    }
    await tx.emailChallenge.update({ where: { id: challenge.id }, data: { consumedAt: now } });
    return { kind: 'verified', row: await steps.onSuccess(tx, challenge) };
  });
  switch (outcome.kind) {
    case 'verified':
      return consumerStatusViewOf(outcome.row);
    case 'invalid':
      throw codeInvalid();
    case 'expired':
      throw codeExpired();
    case 'locked':
      throw locked();
    case 'not_pending':
      // A used or superseded link or code reads like a wrong one.
      throw codeInvalid();
  }
}
