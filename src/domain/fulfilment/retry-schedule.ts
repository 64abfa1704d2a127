// When a failed connector call is tried again: exponential backoff with jitter (so that many
// tasks failing together do not retry together), inside the retry period; none after it.

const MAX_DELAY_MS = 3_600_000;

/**
 * The next attempt after `attempts` failed ones, or null when the retry period has ended.
 * `random` is in [0, 1): the delay is drawn between half and all of the backoff. A last try
 * is made at the end of the period rather than skipping it.
 */
export function nextAttemptAt(
  { attempts, now, retryUntil, baseMs }: { attempts: number; now: Date; retryUntil: Date; baseMs: number },
  random: number,
): Date | null {
  if (now.getTime() >= retryUntil.getTime()) return null;
  const backoff = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  const delay = backoff / 2 + (backoff / 2) * random;
  return new Date(Math.min(now.getTime() + delay, retryUntil.getTime()));
}
