// Server-side staff sessions: the cookie holds a random token, the database its
// hash, with an idle and an absolute limit (issue 5, part 1).

import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Transaction } from '../../db/client.js';
import type { StaffUser } from '../../db/generated/client.js';
import type { ConsoleRole } from '../../domain/access-policy.js';
import type { Dependencies } from '../dependencies.js';
import { hashToken, newSecretToken } from '../../secrets.js';
import {
  SESSION_ABSOLUTE_HOURS,
  SESSION_IDLE_MINUTES,
  SESSION_TOUCH_SECONDS,
  twoFactorStepOf,
} from './staff-settings.js';

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
  const session = await tx.staffSession.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000),
    },
  });
  return { token, sessionId: session.id };
}

/** The signed-in staff member behind a cookie token, or null when the session is over. */
export async function authenticateStaffSession(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  token: string,
): Promise<StaffPrincipal | null> {
  const { db, clock } = deps;
  const now = clock.now();
  const session = await db.staffSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: true },
  });
  if (session === null || session.revokedAt !== null || session.expiresAt <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MINUTES * 60_000) return null;
  if (session.user.disabledAt !== null) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_TOUCH_SECONDS * 1000) {
    await db.staffSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return {
    sessionId: session.id,
    user: principalUserOf(session.user),
    pendingTwoFactor: session.twoFactorVerifiedAt !== null ? null : pendingStepOf(deps, session.user),
  };
}

function pendingStepOf(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  user: StaffUser,
): 'verify' | 'enrol' | null {
  const step = twoFactorStepOf(deps, user);
  return step === 'not_required' ? null : step;
}

function principalUserOf(user: StaffUser): StaffPrincipal['user'] {
  return { id: user.id, name: user.name, email: user.email, role: user.role };
}

/** Ends a session replaced by a new sign-in in the same browser (the new one is what is audited). */
export async function revokeStaffSession(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  sessionId: string,
): Promise<void> {
  await deps.db.staffSession.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: deps.clock.now() },
  });
}

/** Sign out: the session ends, and the log says so (once, however often the form is posted). */
export async function signOutStaffSession(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { sessionId, userId }: { sessionId: string; userId: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.staffSession.updateMany({
      where: { id: sessionId, userId, revokedAt: null },
      data: { revokedAt: now },
    });
    if (count === 0) return;
    await appendAuditEvents(
      tx,
      {
        actor: { type: 'staff', id: userId },
        requestId: null,
        events: [{ action: 'staff.signed_out', payload: { sessionId } }],
      },
      now,
    );
  });
}

/** Sign out everywhere: every live session of the user ends at once. */
export async function revokeAllStaffSessions(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  userId: string,
): Promise<number> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.staffSession.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: now },
    });
    await appendAuditEvents(
      tx,
      {
        actor: { type: 'staff', id: userId },
        requestId: null,
        events: [{ action: 'staff.signed_out_everywhere', payload: { sessionsEnded: count } }],
      },
      now,
    );
    return count;
  });
}
