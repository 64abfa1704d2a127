// What a request that may proceed needs from no one: an opt-out of sale/sharing,
// a limit of sensitive data or a Shine the Light suppression is applied as soon
// as it is free to be (on arrival, or once an agent's authorization is
// complete), since it needs no verification (Regs 7060(b); Civ. 1798.83(c)(2))
// and must take effect within 15 business days (Regs 7026(f), 7027(g)).
// Applying it is writing the preference record that downstream systems honour,
// written with the decision itself.

import { isAppliedWithoutVerification } from '../request-types.js';
import type { RequestCommand } from './commands.js';
import { decide } from './decide.js';
import type { RequestEvent } from './events.js';
import { evolve } from './evolve.js';
import type { LifecyclePolicy } from './policy.js';
import type { RequestState } from './state.js';

/**
 * What applying it did, in words the notices translate (the command's summary keeps them in
 * English for the audit log). Says only what is done when it is said: the preference is
 * recorded. The systems that sell or share are told afterwards by fulfilment tasks
 * (Regs 7026(f)), whose success is shown to staff, never claimed to the consumer in advance.
 */
export type AppliedAtOnceOutcome = 'preference_recorded' | 'suppression_listed' | 'browser_opted_out';

const SUMMARY_OF: Readonly<Record<AppliedAtOnceOutcome, string>> = {
  preference_recorded: 'Your preference is recorded; it applies from today.',
  // Civ. 1798.83(c)(2): what being on the suppression list means, said as it is applied.
  suppression_listed:
    'You are on our suppression list from today: we do not disclose your personal information ' +
    'to third parties for their direct marketing purposes.',
  // Regs 7025(c): a browser's signal names nobody, so it is applied to that browser.
  browser_opted_out:
    'Opt-out of sale and sharing applied to the browser that sent the Global Privacy Control signal.',
};

/** What applying a request of this kind at once does; only meaningful when isAppliedWithoutVerification. */
export function appliedAtOnceOutcome(state: Pick<RequestState, 'type' | 'channel'>): AppliedAtOnceOutcome {
  if (state.type === 'stl_suppression') return 'suppression_listed';
  return state.channel === 'gpc' ? 'browser_opted_out' : 'preference_recorded';
}

/** The command to apply at once to `after`, which `before` (null: nothing yet) became; null when none. */
export function commandAppliedAtOnce(
  before: RequestState | null,
  after: RequestState,
): RequestCommand | null {
  const optOut = isAppliedWithoutVerification(after.type);
  const becameFree = after.status === 'in_progress' && before?.status !== 'in_progress';
  if (!optOut || !becameFree) return null;
  return { kind: 'complete', summary: SUMMARY_OF[appliedAtOnceOutcome(after)] };
}

/** decide(), followed by what the new state applies at once (commandAppliedAtOnce). */
export function decideAndApplyAtOnce(
  state: RequestState,
  command: RequestCommand,
  now: Date,
  policy: LifecyclePolicy,
): RequestEvent[] {
  const decided = decide(state, command, now, policy);
  const after = decided.reduce<RequestState>(evolve, state);
  const applyAtOnce = commandAppliedAtOnce(state, after);
  return applyAtOnce === null ? decided : [...decided, ...decide(after, applyAtOnce, now, policy)];
}
