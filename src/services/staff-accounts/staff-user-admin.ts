// Console accounts managed by an admin (/staff/users; creation is
// createStaffUser in staff-accounts.ts): a role change, disabling and
// re-enabling, and a reset of a lost TOTP second factor. Each change is one
// transaction holding the admin lock and the user's row lock, the change and its
// audit event (ids and roles only).

import type { Transaction } from '../../db/client.js';
import type { StaffUser } from '../../db/generated/client.js';
import { isAllowed, type ConsoleRole } from '../../domain/access-policy.js';
import type { AuditEntry } from '../../domain/audit-events.js';
import { DomainError } from '../../domain/errors.js';
import type { Dependencies } from '../dependencies.js';
import {
  appendAccountEvents,
  clearTotp,
  findStaffUser,
  lastSignInsOf,
  listStaffUsersNewestFirst,
  lockStaffUser,
  markUserSessionsRevoked,
  countStaffUsers,
  setStaffUserDisabledAt,
  setStaffUserRole,
  takeAdminLock,
} from './staff-accounts-repo.js';

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

type StaffUserAdminRefusal = 'STAFF.ACTOR_NOT_ADMIN' | 'STAFF.CANNOT_CHANGE_OWN_ACCOUNT' | 'STAFF.UNCHANGED';

/**
 * A change an admin may not make: `STAFF.ACTOR_NOT_ADMIN` when another admin
 * disabled or demoted the acting one after their request passed the console's
 * guard (forbidden); the others are conflicts with the account as it is.
 */
export class StaffUserAdminError extends DomainError<StaffUserAdminRefusal> {
  readonly kind: 'forbidden' | 'conflict';

  constructor(code: StaffUserAdminRefusal, message: string) {
    super(code, message);
    this.kind = code === 'STAFF.ACTOR_NOT_ADMIN' ? 'forbidden' : 'conflict';
  }
}

/** Newest first, a page of STAFF_USERS_PAGE_SIZE (staff are few: offset paging is enough). */
export async function listStaffUsers(
  deps: Pick<Dependencies, 'db'>,
  { page }: { page: number },
): Promise<{ users: StaffUserSummary[]; hasNextPage: boolean; total: number }> {
  const [rows, total] = await Promise.all([
    listStaffUsersNewestFirst(deps.db, {
      skip: (page - 1) * STAFF_USERS_PAGE_SIZE,
      take: STAFF_USERS_PAGE_SIZE + 1,
    }),
    countStaffUsers(deps.db),
  ]);
  const shown = rows.slice(0, STAFF_USERS_PAGE_SIZE);
  const lastSignIns = await lastSignInsOf(
    deps.db,
    shown.map((user) => user.id),
  );
  return {
    users: shown.map((user) => summaryOf(user, lastSignIns.get(user.id) ?? null)),
    hasNextPage: rows.length > STAFF_USERS_PAGE_SIZE,
    total,
  };
}

export async function getStaffUser(
  deps: Pick<Dependencies, 'db'>,
  userId: string,
): Promise<StaffUserSummary | null> {
  const user = await findStaffUser(deps.db, userId);
  if (user === null) return null;
  return summaryOf(user, (await lastSignInsOf(deps.db, [user.id])).get(user.id) ?? null);
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

type AdminChange = { actorId: string; userId: string };

/** The new role applies from the user's next request; a role needing TOTP asks them to enrol. */
export function changeStaffUserRole(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { actorId, userId, role }: AdminChange & { role: ConsoleRole },
): Promise<boolean> {
  return changeStaffUser(deps, { actorId, userId }, async (tx, user) => {
    refuseOwnAccount(user, actorId, 'change your own role');
    if (user.role === role)
      throw new StaffUserAdminError('STAFF.UNCHANGED', 'The user already has this role.');
    await setStaffUserRole(tx, user.id, role);
    return { action: 'staff.role_changed', payload: { userId: user.id, previousRole: user.role, role } };
  });
}

/** The account refuses sign-in (staff-sign-in.ts) and its sessions end now. */
export function disableStaffUser(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { actorId, userId }: AdminChange,
): Promise<boolean> {
  return changeStaffUser(deps, { actorId, userId }, async (tx, user, now) => {
    refuseOwnAccount(user, actorId, 'disable your own account');
    if (user.disabledAt !== null)
      throw new StaffUserAdminError('STAFF.UNCHANGED', 'The account is disabled already.');
    await setStaffUserDisabledAt(tx, user.id, now);
    const sessionsEnded = await endLiveSessions(tx, user.id, now);
    return { action: 'staff.user_disabled', payload: { userId: user.id, sessionsEnded } };
  });
}

export function enableStaffUser(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { actorId, userId }: AdminChange,
): Promise<boolean> {
  return changeStaffUser(deps, { actorId, userId }, async (tx, user) => {
    if (user.disabledAt === null)
      throw new StaffUserAdminError('STAFF.UNCHANGED', 'The account is not disabled.');
    await setStaffUserDisabledAt(tx, user.id, null);
    return { action: 'staff.user_enabled', payload: { userId: user.id } };
  });
}

/**
 * Forgets the TOTP secret (and an enrolment begun but not confirmed) and ends the
 * user's sessions: at their next sign-in, a role that requires TOTP enrols a new one.
 */
export function resetStaffUserTwoFactor(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { actorId, userId }: AdminChange,
): Promise<boolean> {
  return changeStaffUser(deps, { actorId, userId }, async (tx, user, now) => {
    refuseOwnAccount(user, actorId, 'reset your own two-step sign-in');
    if (user.totpSecretEncrypted === null && user.totpEnabledAt === null)
      throw new StaffUserAdminError('STAFF.UNCHANGED', 'The user has no two-step sign-in to reset.');
    await clearTotp(tx, user.id);
    const sessionsEnded = await endLiveSessions(tx, user.id, now);
    return { action: 'staff.two_factor_reset', payload: { userId: user.id, sessionsEnded } };
  });
}

/** An admin changes other people's access, never their own (another admin must). */
function refuseOwnAccount(user: StaffUser, actorId: string, change: string): void {
  if (user.id === actorId) {
    throw new StaffUserAdminError(
      'STAFF.CANNOT_CHANGE_OWN_ACCOUNT',
      `You cannot ${change}; ask another admin.`,
    );
  }
}

/** Sessions already past their absolute limit are not counted as ended by the change. */
function endLiveSessions(tx: Transaction, userId: string, now: Date): Promise<number> {
  return markUserSessionsRevoked(tx, userId, now, { unexpiredOnly: true });
}

/**
 * Runs one change on a user in a transaction that first takes the admin lock, so
 * changes by any admins are serialised and each sees the result of the one before;
 * then checks again, under the lock, that the actor may still manage staff (the route
 * guard checked before the lock), and locks the user's row against their own
 * sign-in and enrolment writes. The change answers its audit event, written as
 * the actor's. False when there is no such user.
 */
async function changeStaffUser(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { actorId, userId }: AdminChange,
  change: (tx: Transaction, user: StaffUser, now: Date) => Promise<AuditEntry>,
): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    await takeAdminLock(tx);
    const actor = await findStaffUser(tx, actorId);
    if (actor === null || actor.disabledAt !== null || !isAllowed(actor.role, 'staff.manage')) {
      throw new StaffUserAdminError(
        'STAFF.ACTOR_NOT_ADMIN',
        'You are no longer an admin, so the change was not made.',
      );
    }
    const user = await lockStaffUser(tx, userId);
    if (user === null) return false;
    const event = await change(tx, user, now);
    await appendAccountEvents(tx, { type: 'staff', id: actorId }, now, [event]);
    return true;
  });
}
