// Staff accounts: created by an operator with a one-time sign-in link, on which the
// person sets a password; a demo admin on a first start with no staff at all.

import { hash } from '@node-rs/argon2';
import { newPassword } from '../../secrets.js';
import { z } from 'zod';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { StaffUser } from '../../db/generated/client.js';
import { CONSOLE_ROLES } from '../../domain/access-policy.js';
import type { Actor } from '../../domain/audit-events.js';
import type { Dependencies } from '../dependencies.js';
import { hashToken, newSecretToken } from '../../secrets.js';
import { SIGN_IN_LINK_HOURS } from './staff-settings.js';

export const CreateStaffUserInputSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email())
    .transform((email) => email.toLowerCase()),
  name: z.string().trim().min(1).max(200),
  role: z.enum(CONSOLE_ROLES),
});
export type CreateStaffUserInput = z.output<typeof CreateStaffUserInputSchema>;

/** NIST SP 800-63B 5.1.1: at least 12 characters here (8 is the floor), at most 200. */
export const NewPasswordSchema = z
  .string()
  .min(12, { error: 'use at least 12 characters' })
  .max(200, { error: 'use at most 200 characters' });

/**
 * argon2id (the library's default algorithm) with OWASP's recommended cost:
 * 19 MiB of memory, 2 passes, 1 lane.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export class StaffUserExistsError extends Error {}

/**
 * Serialises changes to who is an admin ("RDADMIN!"): the demo admin's creation,
 * and an admin's changes to other accounts (staff-user-admin.ts), so two admins
 * acting on each other at once cannot both succeed and leave no admin.
 */
export const ADMIN_LOCK_KEY = 0x5244_4144_4d49_4e21n;

/**
 * Creates the user and returns a one-time link where they set their password;
 * the audit log records who created whom (an admin in /staff/users, or the CLI).
 */
export async function createStaffUser(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { input, actor }: { input: CreateStaffUserInput; actor: Actor },
): Promise<{ user: StaffUser; signInLink: string }> {
  const { db, clock } = deps;
  const now = clock.now();
  const token = newSecretToken();
  try {
    const user = await db.$transaction(async (tx) => {
      const existing = await tx.staffUser.findUnique({ where: { email: input.email } });
      if (existing !== null) throw new StaffUserExistsError('A staff user with this email already exists');
      const created = await tx.staffUser.create({ data: { ...input, createdAt: now } });
      await tx.staffSignInLink.create({
        data: {
          tokenHash: hashToken(token),
          userId: created.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + SIGN_IN_LINK_HOURS * 3_600_000),
        },
      });
      await appendAuditEvents(
        tx,
        {
          actor,
          requestId: null,
          events: [{ action: 'staff.user_created', payload: { userId: created.id, role: input.role } }],
        },
        now,
      );
      return created;
    });
    return { user, signInLink: signInLinkUrl(deps.config.PUBLIC_BASE_URL, token) };
  } catch (error) {
    // Two creations of the same email at once: the unique index refuses the second.
    if (isUniqueViolation(error, 'staff_users_email_key')) {
      throw new StaffUserExistsError('A staff user with this email already exists');
    }
    throw error;
  }
}

export function signInLinkUrl(publicBaseUrl: string, token: string): string {
  return new URL(`/staff/welcome/${token}`, publicBaseUrl).toString();
}

/** The user a live, unused link belongs to, or null. */
export async function findSignInLinkUser(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  token: string,
): Promise<StaffUser | null> {
  const link = await deps.db.staffSignInLink.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: true },
  });
  if (link === null || link.usedAt !== null || link.expiresAt <= deps.clock.now()) return null;
  return link.user.disabledAt === null ? link.user : null;
}

/** Sets the password and uses the link up, in one transaction; false when the link is no longer valid. */
export async function setPasswordWithLink(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { token, password }: { token: string; password: string },
): Promise<StaffUser | null> {
  const { db, clock } = deps;
  const now = clock.now();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const { count } = await tx.staffSignInLink.updateMany({
      where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (count === 0) return null;
    const link = await tx.staffSignInLink.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    // A new password ends every session the account had.
    await tx.staffSession.updateMany({
      where: { userId: link.userId, revokedAt: null },
      data: { revokedAt: now },
    });
    return tx.staffUser.update({
      where: { id: link.userId },
      data: { passwordHash, failedSignIns: 0, lockedUntil: null },
    });
  });
}

export const DEMO_ADMIN_EMAIL = 'admin@rightsdesk.test';

/**
 * On a first start with no staff at all, a demo admin with a random password, so
 * that a newcomer can sign in. Returns the credentials to print once, or null.
 */
export async function createDemoAdminIfNoStaff(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
): Promise<{ email: string; password: string } | null> {
  const { db, clock } = deps;
  if ((await db.staffUser.count()) > 0) return null;
  const password = newPassword();
  const passwordHash = await hashPassword(password);
  const created = await db.$transaction(async (tx) => {
    // Two instances starting at once: only the first creates the admin.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK_KEY})`;
    if ((await tx.staffUser.count()) > 0) return false;
    await tx.staffUser.create({
      data: {
        email: DEMO_ADMIN_EMAIL,
        name: 'Demo Admin',
        role: 'admin',
        passwordHash,
        createdAt: clock.now(),
      },
    });
    return true;
  });
  return created ? { email: DEMO_ADMIN_EMAIL, password } : null;
}
