// Staff accounts: created by an operator with a one-time sign-in link, on which the
// person sets a password; demo accounts with a random password for a newcomer.

import { hash } from '@node-rs/argon2';
import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { StaffUser } from '../../db/generated/client.js';
import { CONSOLE_ROLES, type ConsoleRole } from '../../domain/access-policy.js';
import type { Actor } from '../../domain/audit-events.js';
import { RuleConflictError } from '../../domain/errors.js';
import { hashToken, newPassword, newSecretToken } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { SIGN_IN_LINK_HOURS } from './console-limits.js';
import {
  appendAccountEvents,
  findSignInLinkByTokenHash,
  findStaffUserByEmail,
  insertSignInLink,
  insertStaffUser,
  markUserSessionsRevoked,
  setStaffUserPassword,
  useSignInLink,
} from './staff-accounts-repo.js';

export const CreateStaffUserInputSchema = z.object({
  email: storableText()
    .trim()
    .max(254)
    .pipe(z.email())
    .transform((email) => email.toLowerCase()),
  name: storableText().trim().min(1).max(200),
  role: z.enum(CONSOLE_ROLES),
});
type CreateStaffUserInput = z.output<typeof CreateStaffUserInputSchema>;

/** NIST SP 800-63B 5.1.1: at least 12 characters here (8 is the floor), at most 200. */
export const NewPasswordSchema = storableText()
  .min(12, { error: 'use at least 12 characters' })
  .max(200, { error: 'use at most 200 characters' });

/**
 * argon2id (the library's default algorithm) with OWASP's recommended cost:
 * 19 MiB of memory, 2 passes, 1 lane.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export class StaffUserExistsError extends RuleConflictError {
  constructor() {
    super('STAFF.USER_EXISTS', 'A staff user with this email already exists');
  }
}

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
      if ((await findStaffUserByEmail(tx, input.email)) !== null) throw new StaffUserExistsError();
      const created = await insertStaffUser(tx, { ...input, passwordHash: null, createdAt: now });
      await insertSignInLink(tx, {
        tokenHash: hashToken(token),
        userId: created.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SIGN_IN_LINK_HOURS * 3_600_000),
      });
      await appendAccountEvents(tx, actor, now, [
        { action: 'staff.user_created', payload: { userId: created.id, role: input.role } },
      ]);
      return created;
    });
    return { user, signInLink: signInLinkUrl(deps.config.PUBLIC_BASE_URL, token) };
  } catch (error) {
    // Two creations of the same email at once: the unique index refuses the second.
    if (isUniqueViolation(error, 'staff_users_email_key')) throw new StaffUserExistsError();
    throw error;
  }
}

export function signInLinkUrl(publicBaseUrl: string, token: string): string {
  return new URL(`/staff/welcome/${token}`, publicBaseUrl).toString();
}

/** The user a live, unused link belongs to, or null. */
export async function findSignInLinkUser(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  token: string,
): Promise<StaffUser | null> {
  const link = await findSignInLinkByTokenHash(deps.db, hashToken(token));
  if (link === null || link.usedAt !== null || link.expiresAt <= deps.clock.now()) return null;
  return link.user.disabledAt === null ? link.user : null;
}

/** Sets the password and uses the link up, in one transaction; null when the link is no longer valid. */
export async function setPasswordWithLink(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { token, password }: { token: string; password: string },
): Promise<StaffUser | null> {
  const { db, clock } = deps;
  const now = clock.now();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const userId = await useSignInLink(tx, hashToken(token), now);
    if (userId === null) return null;
    // A new password ends every session the account had.
    await markUserSessionsRevoked(tx, userId, now);
    return setStaffUserPassword(tx, userId, passwordHash);
  });
}

/**
 * Demo accounts (`demo:seed`) with random passwords, returned to print once; an
 * email that already has an account is left as it is.
 */
export async function createDemoStaffUsers(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  users: readonly { email: string; name: string; role: ConsoleRole }[],
): Promise<{ email: string; role: ConsoleRole; password: string }[]> {
  const { db, clock } = deps;
  const created: { email: string; role: ConsoleRole; password: string }[] = [];
  for (const user of users) {
    if ((await findStaffUserByEmail(db, user.email)) !== null) continue;
    const { password, passwordHash } = await newDemoPassword();
    await insertStaffUser(db, { ...user, passwordHash, createdAt: clock.now() });
    created.push({ email: user.email, role: user.role, password });
  }
  return created;
}

async function newDemoPassword(): Promise<{ password: string; passwordHash: string }> {
  const password = newPassword();
  return { password, passwordHash: await hashPassword(password) };
}
