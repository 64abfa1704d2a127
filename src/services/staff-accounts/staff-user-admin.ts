// Console accounts managed by an admin (/staff/users; creation is
// createStaffUser in staff-accounts.ts): a role change, disabling and
// re-enabling, and a reset of a lost TOTP second factor. Each change is one transaction holding the
// admin lock and the user's row lock, the change and its audit event (ids and roles only).

import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Transaction } from '../../db/client.js';
import type { StaffUser } from '../../db/generated/client.js';
import { isAllowed, type ConsoleRole } from '../../domain/access-policy.js';
import type { AuditEntry } from '../../domain/audit-events.js';
import type { Dependencies } from '../dependencies.js';
import { ADMIN_LOCK_KEY } from './staff-accounts.js';

export const STAFF_USERS_PAGE_SIZE = 50;

export interface StaffUserSummary {
  id: string;
  name: string;
  email: string;
  role: ConsoleRole;
  twoFactorEnrolled: boolean;
  /** Set while too many failed sign-ins keep the account closed. */
  lockedUntil: Date | null;
  disabledAt: Date | null;
  /** The password has been chosen (through the one-time link). */
  passwordSet: boolean;
  /** When the user last gave their password: the newest of their sessions, if any. */
  lastSignInAt: Date | null;
  createdAt: Date;
}

export type StaffUserAdminRefusal =
  /**
   * The acting user is no longer an enabled admin: another admin disabled or demoted
   * them after their request passed the console's guard (HTTP 403).
   */
  | 'STAFF.ACTOR_NOT_ADMIN'
  /** An admin may not disable, demote or reset themselves: another admin must. */
  | 'STAFF.SELF_CHANGE'
  /** The change is already in place (same role, already disabled, nothing enrolled). */
  | 'STAFF.UNCHANGED';

export class StaffUserAdminError extends Error {
  constructor(
    readonly code: StaffUserAdminRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'StaffUserAdminError';
  }
}

/** Newest first, a page of STAFF_USERS_PAGE_SIZE (staff are few: offset paging is enough). */
export async function listStaffUsers(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { page }: { page: number },
): Promise<{ users: StaffUserSummary[]; hasNextPage: boolean; total: number }> {
  const [rows, total] = await Promise.all([
    deps.db.staffUser.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * STAFF_USERS_PAGE_SIZE,
      take: STAFF_USERS_PAGE_SIZE + 1,
    }),
    deps.db.staffUser.count(),
  ]);
  const shown = rows.slice(0, STAFF_USERS_PAGE_SIZE);
  const lastSignIns = await lastSignInsOf(
    deps,
    shown.map((user) => user.id),
  );
  return {
    users: shown.map((user) => summaryOf(user, lastSignIns.get(user.id) ?? null)),
    hasNextPage: rows.length > STAFF_USERS_PAGE_SIZE,
    total,
  };
}

export async function getStaffUser(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  userId: string,
): Promise<StaffUserSummary | null> {
  const user = await deps.db.staffUser.findUnique({ where: { id: userId } });
  if (user === null) return null;
  return summaryOf(user, (await lastSignInsOf(deps, [user.id])).get(user.id) ?? null);
}

async function lastSignInsOf(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  userIds: string[],
): Promise<Map<string, Date>> {
  if (userIds.length === 0) return new Map();
  const groups = await deps.db.staffSession.groupBy({
    by: ['userId'],
    where: { userId: { in: userIds } },
    _max: { createdAt: true },
  });
  const latest = new Map<string, Date>();
  for (const group of groups)
    if (group._max.createdAt !== null) latest.set(group.userId, group._max.createdAt);
  return latest;
}

function summaryOf(user: StaffUser, lastSignInAt: Date | null): StaffUserSummary {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    twoFactorEnrolled: user.totpEnabledAt !== null,
    lockedUntil: user.lockedUntil,
    disabledAt: user.disabledAt,
    passwordSet: user.passwordHash !== null,
    lastSignInAt,
    createdAt: user.createdAt,
  };
}

/** The new role applies from the user's next request; a role needing TOTP asks them to enrol. */
export function changeStaffUserRole(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { actorId, userId, role }: { actorId: string; userId: string; role: ConsoleRole },
): Promise<boolean> {
  return changeStaffUser(deps, { actorId, userId }, async (tx, user, now) => {
    refuseOwnAccount(user, actorId, 'change your own role');
    if (user.role === role)
      throw new StaffUserAdminError('STAFF.UNCHANGED', 'The user already has this role.');
    await tx.staffUser.update({ where: { id: user.id }, data: { role } });
    await appendAdminEvent(tx, actorId, now, {
      action: 'staff.role_changed',
      payload: { userId: user.id, previousRole: user.role, role },
    });
  });
}

/** The account refuses sign-in (staff-sign-in.ts) and its sessions end now. */
export function disableStaffUser(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { actorId, userId }: { actorId: string; userId: string },
): Promise<boolean> {
  return changeStaffUser(deps, { actorId, userId }, async (tx, user, now) => {
    refuseOwnAccount(user, actorId, 'disable your own account');
    if (user.disabledAt !== null)
      throw new StaffUserAdminError('STAFF.UNCHANGED', 'The account is disabled already.');
    await tx.staffUser.update({ where: { id: user.id }, data: { disabledAt: now } });
    const sessionsEnded = await endSessions(tx, user.id, now);
    await appendAdminEvent(tx, actorId, now, {
      action: 'staff.user_disabled',
      payload: { userId: user.id, sessionsEnded },
    });
  });
}

export function enableStaffUser(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { actorId, userId }: { actorId: string; userId: string },
): Promise<boolean> {
  return changeStaffUser(deps, { actorId, userId }, async (tx, user, now) => {
    if (user.disabledAt === null)
      throw new StaffUserAdminError('STAFF.UNCHANGED', 'The account is not disabled.');
    await tx.staffUser.update({ where: { id: user.id }, data: { disabledAt: null } });
    await appendAdminEvent(tx, actorId, now, { action: 'staff.user_enabled', payload: { userId: user.id } });
  });
}

/**
 * Forgets the TOTP secret (and an enrolment begun but not confirmed) and ends the
 * user's sessions: at their next sign-in, a role that requires TOTP enrols a new one.
 */
export function resetStaffUserTwoFactor(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { actorId, userId }: { actorId: string; userId: string },
): Promise<boolean> {
  return changeStaffUser(deps, { actorId, userId }, async (tx, user, now) => {
    refuseOwnAccount(user, actorId, 'reset your own two-step sign-in');
    if (user.totpSecretEncrypted === null && user.totpEnabledAt === null)
      throw new StaffUserAdminError('STAFF.UNCHANGED', 'The user has no two-step sign-in to reset.');
    await tx.staffUser.update({
      where: { id: user.id },
      data: { totpSecretEncrypted: null, totpEnabledAt: null, totpLastTimeStep: null },
    });
    const sessionsEnded = await endSessions(tx, user.id, now);
    await appendAdminEvent(tx, actorId, now, {
      action: 'staff.two_factor_reset',
      payload: { userId: user.id, sessionsEnded },
    });
  });
}

/** An admin changes other people's access, never their own (another admin must). */
function refuseOwnAccount(user: StaffUser, actorId: string, change: string): void {
  if (user.id === actorId) {
    throw new StaffUserAdminError('STAFF.SELF_CHANGE', `You cannot ${change}; ask another admin.`);
  }
}

/**
 * Runs one change on a user in a transaction that first takes the admin lock, so
 * changes by any admins are serialised and each sees the result of the one before;
 * then checks again, under the lock, that the actor may still manage staff (the route
 * guard checked before the lock), and locks the user's row against their own
 * sign-in and enrolment writes. False when there is no such user.
 */
async function changeStaffUser(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { actorId, userId }: { actorId: string; userId: string },
  change: (tx: Transaction, user: StaffUser, now: Date) => Promise<void>,
): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK_KEY})`;
    const actor = await tx.staffUser.findUnique({ where: { id: actorId } });
    if (actor === null || actor.disabledAt !== null || !isAllowed(actor.role, 'staff.manage')) {
      throw new StaffUserAdminError(
        'STAFF.ACTOR_NOT_ADMIN',
        'You are no longer an admin, so the change was not made.',
      );
    }
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM staff_users WHERE id = ${userId}::uuid FOR UPDATE`;
    if (locked.length === 0) return false;
    const user = await tx.staffUser.findUniqueOrThrow({ where: { id: userId } });
    await change(tx, user, now);
    return true;
  });
}

async function endSessions(tx: Transaction, userId: string, now: Date): Promise<number> {
  const { count } = await tx.staffSession.updateMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  return count;
}

function appendAdminEvent(tx: Transaction, actorId: string, now: Date, event: AuditEntry): Promise<void> {
  return appendAuditEvents(
    tx,
    { actor: { type: 'staff', id: actorId }, requestId: null, events: [event] },
    now,
  );
}
