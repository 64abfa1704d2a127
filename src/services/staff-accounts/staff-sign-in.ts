// Signing in to the staff console with a password, with growing waits between wrong
// passwords (throttle-sign-ins.ts), and the lockout after wrong TOTP codes, which only
// someone who knows the password can cause (OWASP ASVS 2.2.1). Every outcome is in the
// audit log (OWASP ASVS 7.2.1), written with the state it changes.

import { verify } from '@node-rs/argon2';
import type { StaffUser } from '../../db/generated/client.js';
import { twoFactorStepOf } from '../../domain/access-policy.js';
import type { Actor, AuditEntry, StaffSignInFailure } from '../../domain/audit-events.js';
import type { Dependencies } from '../dependencies.js';
import { LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS } from './console-limits.js';
import { hashPassword } from './staff-accounts.js';
import {
  appendAccountEvents,
  clearFailedSignIns,
  countFailedSignIn,
  findStaffUserByEmail,
} from './staff-accounts-repo.js';
import { createStaffSession } from './staff-sessions.js';
import {
  clearSignInThrottle,
  recordSignInFailure,
  signInWaitSeconds,
  type SignInOrigin,
} from './throttle-sign-ins.js';

type SignInResult =
  | { ok: true; token: string; user: StaffUser; twoFactor: 'not_required' | 'verify' | 'enrol' }
  /** The same answer for an unknown email, a wrong password and a locked account: nothing to enumerate. */
  | { ok: false }
  /** Too many wrong passwords for this email (from this address): try again after the wait. */
  | { ok: false; retryAfterSeconds: number };

/** Verified against when the email is unknown, so that the answer takes as long as for a real account. */
let dummyHash: Promise<string> | null = null;

/** Who tried to sign in with an email that names no account: nobody the log may name. */
const UNKNOWN_ACCOUNT_ACTOR = { type: 'system', id: 'staff-sign-in' } as const;

export async function signInWithPassword(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { email, password, ip }: { email: string; password: string; ip: string },
): Promise<SignInResult> {
  const { db, clock } = deps;
  const origin: SignInOrigin = { email, ip };
  const user = await findStaffUserByEmail(db, email.trim().toLowerCase());
  // Waiting is checked before the password, so guesses made during the wait tell nothing.
  const waitSeconds = await signInWaitSeconds(deps, origin);
  if (waitSeconds > 0) {
    await recordRefusedSignIn(deps, user?.id ?? null, 'account_locked');
    return { ok: false, retryAfterSeconds: waitSeconds };
  }
  if (user === null || user.passwordHash === null) {
    dummyHash ??= hashPassword('not a password of anyone');
    await verify(await dummyHash, password);
    await recordRefusedSignIn(deps, user?.id ?? null, user === null ? 'unknown_account' : 'password_not_set');
    await recordSignInFailure(deps, origin, null);
    return { ok: false };
  }
  const now = clock.now();
  if (user.disabledAt !== null) {
    await recordRefusedSignIn(deps, user.id, 'account_disabled');
    return { ok: false };
  }
  if (user.lockedUntil !== null && user.lockedUntil > now) {
    await recordRefusedSignIn(deps, user.id, 'account_locked');
    return { ok: false };
  }
  if (!(await verify(user.passwordHash, password))) {
    await deps.db.$transaction((tx) =>
      appendAccountEvents(tx, { type: 'staff', id: user.id }, now, [
        { action: 'staff.sign_in_failed', payload: { step: 'password', reason: 'wrong_password' } },
      ]),
    );
    await recordSignInFailure(deps, origin, user.id);
    return { ok: false };
  }
  await clearSignInThrottle(deps, origin);
  const twoFactor = twoFactorStepOf(user, deps.config.STAFF_TOTP_REQUIRED_ROLES);
  const { token } = await db.$transaction(async (tx) => {
    await clearFailedSignIns(tx, user.id);
    const session = await createStaffSession(tx, user.id, now);
    await appendAccountEvents(tx, { type: 'staff', id: user.id }, now, [
      { action: 'staff.signed_in', payload: { sessionId: session.sessionId, twoFactor } },
    ]);
    return session;
  });
  return { ok: true, token, user, twoFactor };
}

/** A sign-in refused before any secret was checked: nothing counts towards lockout, the log keeps it. */
export async function recordRefusedSignIn(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  userId: string | null,
  reason: Exclude<StaffSignInFailure, 'wrong_password' | 'wrong_code'>,
  step: 'password' | 'two_factor' = 'password',
): Promise<void> {
  const actor: Actor = userId === null ? UNKNOWN_ACCOUNT_ACTOR : { type: 'staff', id: userId };
  await deps.db.$transaction((tx) =>
    appendAccountEvents(tx, actor, deps.clock.now(), [
      { action: 'staff.sign_in_failed', payload: { step, reason } },
    ]),
  );
}

/**
 * Counts a wrong TOTP code atomically (two guesses at once both count)
 * and locks the account for LOCKOUT_MINUTES once MAX_FAILED_SIGN_INS is
 * reached; the failure, and the lockout it causes, are audited in the same
 * transaction.
 */
export async function recordFailedSignIn(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  userId: string,
  step: 'password' | 'two_factor',
): Promise<void> {
  const now = deps.clock.now();
  const lockedUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
  await deps.db.$transaction(async (tx) => {
    const locked = await countFailedSignIn(tx, userId, { maxFailures: MAX_FAILED_SIGN_INS, lockedUntil });
    const events: AuditEntry[] = [
      {
        action: 'staff.sign_in_failed',
        payload: { step, reason: step === 'password' ? 'wrong_password' : 'wrong_code' },
      },
    ];
    if (locked) {
      events.push({
        action: 'staff.locked_out',
        payload: { lockedUntil: lockedUntil.toISOString(), failedAttempts: MAX_FAILED_SIGN_INS },
      });
    }
    await appendAccountEvents(tx, { type: 'staff', id: userId }, now, events);
  });
}
