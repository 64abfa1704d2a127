// Server-side staff sessions: the cookie holds a random token, the database its
// hash, with an idle and an absolute limit (console-limits.ts).

import type { Transaction } from '../../db/client.js';
import type { StaffUser } from '../../db/generated/client.js';
import { twoFactorStepOf, type ConsoleRole } from '../../domain/access-policy.js';
import type { Dependencies } from '../dependencies.js';
import { hashToken, newSecretToken } from '../../secrets.js';
import { SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES, SESSION_TOUCH_SECONDS } from './console-limits.js';
import {
  appendAccountEvents,
  findStaffSessionByTokenHash,
  insertStaffSession,
  markSessionRevoked,
  markUserSessionsRevoked,
  touchStaffSession,
} from './staff-accounts-repo.js';

export interface StaffPrincipal {
  sessionId: string;
  user: { id: string; name: string; email: string; role: ConsoleRole };
  /** Null once the second factor is done or not required; else what the user must do next. */
  pendingTwoFactor: 'verify' | 'enrol' | null;
}

/** A new session with a new token: a token is never reused across sign-ins (session fixation). */
export async function createStaffSession(
  tx: Transaction,
  userId: string,
  now: Date,
): Promise<{ token: string; sessionId: string }> {
  const token = newSecretToken();
  const sessionId = await insertStaffSession(tx, {
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000),
  });
  return { token, sessionId };
}

/** The signed-in staff member behind a cookie token, or null when the session is over. */
export async function authenticateStaffSession(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  token: string,
): Promise<StaffPrincipal | null> {
  const { db, clock } = deps;
  const now = clock.now();
  const session = await findStaffSessionByTokenHash(db, hashToken(token));
  if (session === null || session.revokedAt !== null || session.expiresAt <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MINUTES * 60_000) return null;
  if (session.user.disabledAt !== null) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_TOUCH_SECONDS * 1000) {
    await touchStaffSession(db, session.id, now);
  }
  return {
    sessionId: session.id,
    user: principalUserOf(session.user),
    pendingTwoFactor: session.twoFactorVerifiedAt !== null ? null : pendingStepOf(deps, session.user),
  };
}

function pendingStepOf(deps: Pick<Dependencies, 'config'>, user: StaffUser): 'verify' | 'enrol' | null {
  const step = twoFactorStepOf(user, deps.config.STAFF_TOTP_REQUIRED_ROLES);
  return step === 'not_required' ? null : step;
}

function principalUserOf(user: StaffUser): StaffPrincipal['user'] {
  return { id: user.id, name: user.name, email: user.email, role: user.role };
}

/** Ends a session replaced by a new sign-in in the same browser (the new one is what is audited). */
export async function revokeStaffSession(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  sessionId: string,
): Promise<void> {
  await markSessionRevoked(deps.db, { id: sessionId }, deps.clock.now());
}

/** Sign out: the session ends, and the log says so (once, however often the form is posted). */
export async function signOutStaffSession(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { sessionId, userId }: { sessionId: string; userId: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    if (!(await markSessionRevoked(tx, { id: sessionId, userId }, now))) return;
    await appendAccountEvents(tx, { type: 'staff', id: userId }, now, [
      { action: 'staff.signed_out', payload: { sessionId } },
    ]);
  });
}

/** Sign out everywhere: every live session of the user ends at once. */
export async function revokeAllStaffSessions(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  userId: string,
): Promise<number> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const sessionsEnded = await markUserSessionsRevoked(tx, userId, now);
    await appendAccountEvents(tx, { type: 'staff', id: userId }, now, [
      { action: 'staff.signed_out_everywhere', payload: { sessionsEnded } },
    ]);
    return sessionsEnded;
  });
}
