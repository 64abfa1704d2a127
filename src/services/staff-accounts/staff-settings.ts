// The staff console's limits, and what a user must do after their password.

import type { ConsoleRole } from '../../domain/access-policy.js';
import type { Dependencies } from '../dependencies.js';

/** Failed sign-ins (passwords and codes) before the account locks (OWASP ASVS 2.2.1). */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;
/** Idle and absolute session limits (issue 5, part 1). */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_HOURS = 12;
/** A session's last-seen time is written at most this often, to spare the database. */
export const SESSION_TOUCH_SECONDS = 60;
export const SIGN_IN_LINK_HOURS = 72;

/** What a user must do after their password: nothing, give a TOTP code, or enrol one first. */
export function twoFactorStepOf(
  deps: Pick<Dependencies, 'config'>,
  user: { role: ConsoleRole; totpEnabledAt: Date | null },
): 'not_required' | 'verify' | 'enrol' {
  if (user.totpEnabledAt !== null) return 'verify';
  return deps.config.STAFF_TOTP_REQUIRED_ROLES.includes(user.role) ? 'enrol' : 'not_required';
}
