// The waits between failed staff sign-ins (src/domain/sign-in-throttle.ts), kept in
// PostgreSQL so that every instance counts the same failures. Keys are keyed hashes of
// the email and the address, never the values; an unknown email is counted like a
// known one, so the waits tell nobody which accounts exist.

import {
  startsThrottling,
  THROTTLE_MEMORY_HOURS,
  waitAfterFailures,
  type ThrottleScope,
} from '../../domain/sign-in-throttle.js';
import { keyedHash } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { enqueueOutboxMessages } from '../notices/outbox-repo.js';
import { STAFF_SIGN_IN_THROTTLED_TOPIC } from '../notices/outbox-topics.js';
import {
  blockedUntilOf,
  clearSignInFailures,
  countSignInFailure,
  deleteSignInThrottlesBefore,
  setBlockedUntil,
} from './sign-in-throttles-repo.js';

/** Who is trying: the email typed and the address the connection comes from. */
export interface SignInOrigin {
  email: string;
  ip: string;
}

function keysOf(secret: string, { email, ip }: SignInOrigin): Record<ThrottleScope, string> {
  const normalized = email.trim().toLowerCase();
  const key = (scope: ThrottleScope, value: string) => keyedHash(secret, `staff-sign-in:${scope}:${value}`);
  return {
    email_from_address: key('email_from_address', `${normalized}\n${ip}`),
    email: key('email', normalized),
    address: key('address', ip),
  };
}

/** Seconds before this origin may try again; 0 when it may try now. */
export async function signInWaitSeconds(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  origin: SignInOrigin,
): Promise<number> {
  const until = await blockedUntilOf(deps.db, Object.values(keysOf(deps.config.SESSION_SECRET, origin)));
  if (until === null) return 0;
  return Math.max(0, Math.ceil((until.getTime() - deps.clock.now().getTime()) / 1000));
}

/**
 * Counts a wrong password under each key and sets the waits, in one transaction; when
 * the waits begin for an account, its owner is told by email (through the outbox).
 */
export async function recordSignInFailure(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  origin: SignInOrigin,
  accountOwnerId: string | null,
): Promise<void> {
  const now = deps.clock.now();
  const forgetBefore = new Date(now.getTime() - THROTTLE_MEMORY_HOURS * 3_600_000);
  const keys = keysOf(deps.config.SESSION_SECRET, origin);
  await deps.db.$transaction(async (tx) => {
    let tellOwner = false;
    for (const scope of Object.keys(keys) as ThrottleScope[]) {
      const failures = await countSignInFailure(tx, { keyHash: keys[scope], now, forgetBefore });
      const wait = waitAfterFailures(scope, failures);
      if (wait > 0) await setBlockedUntil(tx, keys[scope], new Date(now.getTime() + wait * 1000));
      if (scope !== 'address' && startsThrottling(scope, failures)) tellOwner = true;
    }
    if (tellOwner && accountOwnerId !== null) {
      await enqueueOutboxMessages(
        tx,
        [{ topic: STAFF_SIGN_IN_THROTTLED_TOPIC, payload: { userId: accountOwnerId } }],
        now,
      );
    }
  });
}

/** A right password: what was counted against this email (from anywhere) is cleared. */
export async function clearSignInThrottle(
  deps: Pick<Dependencies, 'db' | 'config'>,
  origin: SignInOrigin,
): Promise<void> {
  const keys = keysOf(deps.config.SESSION_SECRET, origin);
  await clearSignInFailures(deps.db, [keys.email_from_address, keys.email]);
}

/** Drops counts that are forgotten anyway (THROTTLE_MEMORY_HOURS); run by the maintenance round. */
export function purgeSignInThrottles(deps: Pick<Dependencies, 'db' | 'clock'>): Promise<number> {
  return deleteSignInThrottlesBefore(
    deps.db,
    new Date(deps.clock.now().getTime() - THROTTLE_MEMORY_HOURS * 3_600_000),
  );
}
