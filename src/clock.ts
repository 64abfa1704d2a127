/** Time is a dependency, so tests and rules can fix "now" (STYLE rule 10). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
