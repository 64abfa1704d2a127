// The staff console's limits: how guessing is slowed down, how long sessions and
// sign-in links last.

/** Failed sign-ins (passwords and codes) before the account locks (OWASP ASVS 2.2.1). */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;
/** Idle and absolute session limits (OWASP ASVS 3.3.2). */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_HOURS = 12;
/** A session's last-seen time is written at most this often, to spare the database. */
export const SESSION_TOUCH_SECONDS = 60;
export const SIGN_IN_LINK_HOURS = 72;
