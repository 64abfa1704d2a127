// The first admin of a new installation: created with a one-time link (72 hours) on
// which the person who started the server chooses a password, then enrols TOTP. No
// password is ever made up, printed or logged. While that admin has not used a link,
// each call issues a fresh one, so a link that expired is replaced by restarting.

import { hashToken, newSecretToken } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { SIGN_IN_LINK_HOURS } from './console-limits.js';
import { signInLinkUrl } from './staff-accounts.js';
import {
  appendAccountEvents,
  countStaffUsers,
  findStaffUserByEmail,
  insertSignInLink,
  insertStaffUser,
  takeAdminLock,
} from './staff-accounts-repo.js';

export const FIRST_ADMIN_EMAIL = 'admin@rightsdesk.test';

/**
 * A one-time link for the first admin, or null once the installation has staff who
 * can sign in. Several instances starting at once: one creates the admin (advisory lock).
 */
export async function issueFirstAdminLink(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
): Promise<{ email: string; signInLink: string } | null> {
  const { db, clock } = deps;
  const now = clock.now();
  const token = newSecretToken();
  const issued = await db.$transaction(async (tx) => {
    await takeAdminLock(tx);
    const staff = await countStaffUsers(tx);
    let admin = staff === 1 ? await findStaffUserByEmail(tx, FIRST_ADMIN_EMAIL) : null;
    if (staff === 0) {
      admin = await insertStaffUser(tx, {
        email: FIRST_ADMIN_EMAIL,
        name: 'First Admin',
        role: 'admin',
        passwordHash: null,
        createdAt: now,
      });
      await appendAccountEvents(tx, { type: 'system', id: 'first-start' }, now, [
        { action: 'staff.user_created', payload: { userId: admin.id, role: 'admin' } },
      ]);
    }
    if (admin === null || admin.passwordHash !== null) return false;
    await insertSignInLink(tx, {
      tokenHash: hashToken(token),
      userId: admin.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGN_IN_LINK_HOURS * 3_600_000),
    });
    return true;
  });
  return issued
    ? { email: FIRST_ADMIN_EMAIL, signInLink: signInLinkUrl(deps.config.PUBLIC_BASE_URL, token) }
    : null;
}

/** Whether the installation has no console account at all yet. */
export async function hasNoStaffYet(deps: Pick<Dependencies, 'db'>): Promise<boolean> {
  return (await countStaffUsers(deps.db)) === 0;
}
