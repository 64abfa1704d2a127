// Signing in to the staff console with a password, and the lockout that makes
// guessing it slow (OWASP ASVS 2.2.1).

import { verify } from '@node-rs/argon2';
import type { StaffUser } from '../db/generated/client.js';
import type { Transaction } from '../db/client.js';
import { hashPassword } from './staff-accounts.js';
import { createStaffSession } from './staff-sessions.js';
import {
  LOCKOUT_MINUTES,
  MAX_FAILED_SIGN_INS,
  twoFactorStepOf,
  type StaffServiceDependencies,
} from './staff-settings.js';

export type SignInResult =
  | { ok: true; token: string; user: StaffUser; twoFactor: 'not_required' | 'verify' | 'enrol' }
  /** The same answer for an unknown email, a wrong password and a locked account: nothing to enumerate. */
  | { ok: false };

/** Verified against when the email is unknown, so that the answer takes as long as for a real account. */
let dummyHash: Promise<string> | null = null;

export async function signInWithPassword(
  deps: StaffServiceDependencies,
  { email, password }: { email: string; password: string },
): Promise<SignInResult> {
  const { db, clock } = deps;
  const user = await db.staffUser.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (user === null || user.passwordHash === null) {
    dummyHash ??= hashPassword('not a password of anyone');
    await verify(await dummyHash, password);
    return { ok: false };
  }
  const now = clock.now();
  if (user.disabledAt !== null || (user.lockedUntil !== null && user.lockedUntil > now)) {
    return { ok: false };
  }
  if (!(await verify(user.passwordHash, password))) {
    await recordFailedSignIn(deps, user.id);
    return { ok: false };
  }
  const { token } = await db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null } });
    return createStaffSession(tx, user.id, now);
  });
  return { ok: true, token, user, twoFactor: twoFactorStepOf(deps, user) };
}

/**
 * Counts a failure atomically (two guesses at once both count) and locks the
 * account for LOCKOUT_MINUTES once MAX_FAILED_SIGN_INS is reached.
 */
export async function recordFailedSignIn(
  deps: StaffServiceDependencies,
  userId: string,
  tx?: Transaction,
): Promise<void> {
  const lockedUntil = new Date(deps.clock.now().getTime() + LOCKOUT_MINUTES * 60_000);
  await (tx ?? deps.db).$executeRaw`
    UPDATE staff_users
       SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= ${MAX_FAILED_SIGN_INS} THEN 0 ELSE failed_sign_ins + 1 END,
           locked_until = CASE WHEN failed_sign_ins + 1 >= ${MAX_FAILED_SIGN_INS} THEN ${lockedUntil} ELSE locked_until END
     WHERE id = ${userId}::uuid`;
}
