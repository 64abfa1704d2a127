// Every number and choice behind the legal rules, in one bundle built from the
// configuration (issue 3: "each number in it is configuration with the rule
// book's value as default"). Today only the business time zone is configured;
// the rest ships with the rule book's values (LEGAL-RULES §2–§4).

import type { Config } from '../config/index.js';
import { DEFAULT_BUSINESS_CALENDAR } from '../domain/business-calendar.js';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from '../domain/deadlines.js';
import { DEFAULT_AGENT_AUTHORIZATION_POLICY, type LifecyclePolicy } from '../domain/lifecycle/index.js';
import { DEFAULT_VERIFICATION_POLICY } from '../domain/verification-rules.js';

export interface LegalPolicy {
  readonly deadlines: DeadlinePolicy;
  /** Holds the verification policy (`lifecycle.verification`) and the agent policy. */
  readonly lifecycle: LifecyclePolicy;
}

export function buildLegalPolicy(config: Pick<Config, 'BUSINESS_TIMEZONE'>): LegalPolicy {
  const timeZone = config.BUSINESS_TIMEZONE;
  // The calendar's name is shown beside every date it produced (LEGAL-RULES §2),
  // so it names the zone actually used.
  const calendar =
    timeZone === DEFAULT_BUSINESS_CALENDAR.timeZone
      ? DEFAULT_BUSINESS_CALENDAR
      : { ...DEFAULT_BUSINESS_CALENDAR, name: `US federal holidays (${timeZone})`, timeZone };
  return Object.freeze({
    deadlines: Object.freeze({ ...DEFAULT_DEADLINE_POLICY, calendar }),
    lifecycle: Object.freeze({
      timeZone,
      verification: DEFAULT_VERIFICATION_POLICY,
      agentAuthorization: DEFAULT_AGENT_AUTHORIZATION_POLICY,
    }),
  });
}
