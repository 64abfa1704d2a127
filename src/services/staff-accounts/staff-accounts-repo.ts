// Console accounts as rows: users, their sessions and one-time sign-in links,
// and the lock that serialises changes to who is an admin. Tokens are stored
// only as hashes (src/secrets.ts).

import type { Database, Transaction } from '../../db/client.js';
import type { StaffSession, StaffUser } from '../../db/generated/client.js';
import type { ConsoleRole } from '../../domain/access-policy.js';
import type { Actor, AuditEntry } from '../../domain/audit-events.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';

type Reader = Database | Transaction;

/**
 * Serialises changes to who is an admin ("RDADMIN!"): the demo admin's creation,
 * and an admin's changes to other accounts (staff-user-admin.ts), so two admins
 * acting on each other at once cannot both succeed and leave no admin.
 */
const ADMIN_LOCK_KEY = 0x5244_4144_4d49_4e21n;

/** Held until the transaction ends. */
export async function takeAdminLock(tx: Transaction): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK_KEY})`;
}

/** Events about console accounts, in the audit log: none concerns a request. */
export function appendAccountEvents(
  tx: Transaction,
  actor: Actor,
  now: Date,
  events: readonly AuditEntry[],
): Promise<void> {
  return appendAuditEvents(tx, { actor, requestId: null, events });
}

// Users

interface NewStaffUser {
  email: string;
  name: string;
  role: ConsoleRole;
  /** Null until the person chooses one through a sign-in link. */
  passwordHash: string | null;
  createdAt: Date;
}

export function insertStaffUser(db: Reader, user: NewStaffUser): Promise<StaffUser> {
  return db.staffUser.create({ data: user });
}

export function findStaffUser(db: Reader, id: string): Promise<StaffUser | null> {
  return db.staffUser.findUnique({ where: { id } });
}

export function findStaffUserOrThrow(db: Reader, id: string): Promise<StaffUser> {
  return db.staffUser.findUniqueOrThrow({ where: { id } });
}

/** `email` as stored: lower case. */
export function findStaffUserByEmail(db: Reader, email: string): Promise<StaffUser | null> {
  return db.staffUser.findUnique({ where: { email } });
}

/** The oldest account with this role (the demo's officer). */
export function findFirstStaffUserWithRole(db: Reader, role: ConsoleRole): Promise<StaffUser | null> {
  return db.staffUser.findFirst({ where: { role }, orderBy: { createdAt: 'asc' } });
}

export function countStaffUsers(db: Reader): Promise<number> {
  return db.staffUser.count();
}

export function listStaffUsersNewestFirst(
  db: Reader,
  { skip, take }: { skip: number; take: number },
): Promise<StaffUser[]> {
  return db.staffUser.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take });
}

/** Enabled users with one of these roles, by name. */
export function listEnabledStaffWithRoles(
  db: Reader,
  roles: readonly ConsoleRole[],
): Promise<{ id: string; name: string }[]> {
  return db.staffUser.findMany({
    where: { role: { in: [...roles] }, disabledAt: null },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  });
}

/** The user, with their row locked until the transaction ends; null when there is none. */
export async function lockStaffUser(tx: Transaction, id: string): Promise<StaffUser | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM staff_users WHERE id = ${id}::uuid FOR UPDATE`;
  return locked.length === 0 ? null : tx.staffUser.findUniqueOrThrow({ where: { id } });
}

export async function setStaffUserRole(tx: Transaction, id: string, role: ConsoleRole): Promise<void> {
  await tx.staffUser.update({ where: { id }, data: { role } });
}

export async function setStaffUserDisabledAt(
  tx: Transaction,
  id: string,
  disabledAt: Date | null,
): Promise<void> {
  await tx.staffUser.update({ where: { id }, data: { disabledAt } });
}

/** A new password, which also lifts a lockout. */
export function setStaffUserPassword(tx: Transaction, id: string, passwordHash: string): Promise<StaffUser> {
  return tx.staffUser.update({ where: { id }, data: { passwordHash, failedSignIns: 0, lockedUntil: null } });
}

/** After a right password: the failed attempts are forgotten. */
export async function clearFailedSignIns(tx: Transaction, id: string): Promise<void> {
  await tx.staffUser.update({ where: { id }, data: { failedSignIns: 0, lockedUntil: null } });
}

/**
 * Counts a failed sign-in in one statement (two guesses at once both count); the
 * one that reaches `maxFailures` locks the account until `lockedUntil` and starts
 * the count again. True when this failure locked it.
 */
export async function countFailedSignIn(
  tx: Transaction,
  id: string,
  { maxFailures, lockedUntil }: { maxFailures: number; lockedUntil: Date },
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ locked: boolean }[]>`
    UPDATE staff_users
       SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= ${maxFailures} THEN 0 ELSE failed_sign_ins + 1 END,
           locked_until = CASE WHEN failed_sign_ins + 1 >= ${maxFailures} THEN ${lockedUntil} ELSE locked_until END
     WHERE id = ${id}::uuid
    RETURNING failed_sign_ins = 0 AS locked`;
  return rows[0]?.locked === true;
}

/** The TOTP secret being enrolled, encrypted. */
export async function setTotpSecret(db: Reader, id: string, totpSecretEncrypted: string): Promise<void> {
  await db.staffUser.update({ where: { id }, data: { totpSecretEncrypted } });
}

/**
 * Records an accepted TOTP code: its time step (so it is never accepted again),
 * the end of failed attempts, and the enrolment when `enrolledAt` is given. Guarded
 * on the step read before, so of two requests with the same code only one passes:
 * false for the other.
 */
export async function recordTotpPassed(
  tx: Transaction,
  id: string,
  { readStep, timeStep, enrolledAt }: { readStep: number | null; timeStep: number; enrolledAt: Date | null },
): Promise<boolean> {
  const { count } = await tx.staffUser.updateMany({
    where: { id, totpLastTimeStep: readStep },
    data: {
      totpLastTimeStep: timeStep,
      failedSignIns: 0,
      ...(enrolledAt === null ? {} : { totpEnabledAt: enrolledAt }),
    },
  });
  return count === 1;
}

/** Forgets the TOTP secret, its enrolment and its last step. */
export async function clearTotp(tx: Transaction, id: string): Promise<void> {
  await tx.staffUser.update({
    where: { id },
    data: { totpSecretEncrypted: null, totpEnabledAt: null, totpLastTimeStep: null },
  });
}

// Sessions

export async function insertStaffSession(
  tx: Transaction,
  session: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date },
): Promise<string> {
  const { id } = await tx.staffSession.create({ data: { ...session, lastSeenAt: session.createdAt } });
  return id;
}

export function findStaffSessionByTokenHash(
  db: Reader,
  tokenHash: string,
): Promise<(StaffSession & { user: StaffUser }) | null> {
  return db.staffSession.findUnique({ where: { tokenHash }, include: { user: true } });
}

export async function touchStaffSession(db: Reader, id: string, lastSeenAt: Date): Promise<void> {
  await db.staffSession.update({ where: { id }, data: { lastSeenAt } });
}

export async function markSessionTwoFactorPassed(tx: Transaction, id: string, now: Date): Promise<void> {
  await tx.staffSession.update({ where: { id }, data: { twoFactorVerifiedAt: now, lastSeenAt: now } });
}

/** Ends one session if it is still on (and, given `userId`, is that user's); true when it was. */
export async function markSessionRevoked(
  db: Reader,
  { id, userId }: { id: string; userId?: string },
  now: Date,
): Promise<boolean> {
  const { count } = await db.staffSession.updateMany({
    where: { id, ...(userId === undefined ? {} : { userId }), revokedAt: null },
    data: { revokedAt: now },
  });
  return count === 1;
}

/**
 * Ends every session of the user not ended yet (with `unexpiredOnly`, leaving
 * alone those already past their absolute limit); answers how many it ended.
 */
export async function markUserSessionsRevoked(
  tx: Transaction,
  userId: string,
  now: Date,
  { unexpiredOnly = false }: { unexpiredOnly?: boolean } = {},
): Promise<number> {
  const { count } = await tx.staffSession.updateMany({
    where: { userId, revokedAt: null, ...(unexpiredOnly ? { expiresAt: { gt: now } } : {}) },
    data: { revokedAt: now },
  });
  return count;
}

/** When each of these users last signed in: the newest of their sessions, for those with any. */
export async function lastSignInsOf(db: Reader, userIds: readonly string[]): Promise<Map<string, Date>> {
  if (userIds.length === 0) return new Map();
  const groups = await db.staffSession.groupBy({
    by: ['userId'],
    where: { userId: { in: [...userIds] } },
    _max: { createdAt: true },
  });
  const latest = new Map<string, Date>();
  for (const group of groups)
    if (group._max.createdAt !== null) latest.set(group.userId, group._max.createdAt);
  return latest;
}

// One-time sign-in links

export async function insertSignInLink(
  tx: Transaction,
  link: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await tx.staffSignInLink.create({ data: link });
}

export function findSignInLinkByTokenHash(db: Reader, tokenHash: string) {
  return db.staffSignInLink.findUnique({ where: { tokenHash }, include: { user: true } });
}

/** Uses the link up if it is live and unused; answers whose it was, or null. */
export async function useSignInLink(tx: Transaction, tokenHash: string, now: Date): Promise<string | null> {
  const { count } = await tx.staffSignInLink.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count === 0) return null;
  const link = await tx.staffSignInLink.findUniqueOrThrow({ where: { tokenHash } });
  return link.userId;
}
