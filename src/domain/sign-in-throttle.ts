// Slowing down password guessing without handing strangers a lock (OWASP ASVS 2.2.1):
// failures are counted per email from one address, per email from anywhere and per
// address; past a few free tries, each failure doubles the wait before the next try.
// The per-email wait is capped low, so that someone guessing from elsewhere slows the
// owner down by seconds, never locks them out; the owner is told by email.

export type ThrottleScope = 'email_from_address' | 'email' | 'address';

interface ThrottleRule {
  /** Failures allowed before any wait. */
  free: number;
  /** The first wait; each further failure doubles it, up to `maxSeconds`. */
  firstWaitSeconds: number;
  maxSeconds: number;
}

export const THROTTLE_RULES: Readonly<Record<ThrottleScope, ThrottleRule>> = {
  email_from_address: { free: 3, firstWaitSeconds: 2, maxSeconds: 15 * 60 },
  email: { free: 10, firstWaitSeconds: 1, maxSeconds: 30 },
  // Many emails tried from one address: password spraying.
  address: { free: 30, firstWaitSeconds: 2, maxSeconds: 15 * 60 },
};

/** Failures older than this are forgotten: the count starts again. */
export const THROTTLE_MEMORY_HOURS = 24;

/** Seconds to wait after the `failures`-th failure under `scope`. */
export function waitAfterFailures(scope: ThrottleScope, failures: number): number {
  const rule = THROTTLE_RULES[scope];
  const beyond = failures - rule.free;
  if (beyond <= 0) return 0;
  return Math.min(rule.maxSeconds, rule.firstWaitSeconds * 2 ** Math.min(beyond - 1, 30));
}

/** Whether this failure is the one that starts the waits: when the owner is told. */
export function startsThrottling(scope: ThrottleScope, failures: number): boolean {
  return failures === THROTTLE_RULES[scope].free + 1;
}
