// Every number and choice behind the legal rules, in one bundle: the values
// docs/legal-rules.md gives, unless the file named by LEGAL_POLICY_FILE overrides
// some of them (docs/legal-rules.md#override-file).

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Config } from './index.js';
import { DEFAULT_BUSINESS_CALENDAR } from '../domain/business-calendar.js';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from '../domain/deadlines.js';
import {
  CONSUMER_AGENT_STEPS,
  DEFAULT_AGENT_AUTHORIZATION_POLICY,
  DEFAULT_VERIFICATION_WINDOW_DAYS,
  type LifecyclePolicy,
} from '../domain/lifecycle/index.js';
import { DATA_POINTS } from '../domain/request-types.js';
import { DEFAULT_VERIFICATION_POLICY } from '../domain/verification-rules.js';

export interface LegalPolicy {
  readonly deadlines: DeadlinePolicy;
  /** Holds the verification policy (`lifecycle.verification`) and the agent policy. */
  readonly lifecycle: LifecyclePolicy;
}

/** Whole days, never more than the statute allows: an override may shorten a clock, not stretch it. */
const daysUpTo = (statutoryMaximum: number, source: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(statutoryMaximum, { error: `at most ${statutoryMaximum} days (${source})` });
const dataPoints = z.number().int().min(0).max(DATA_POINTS.length);

/** What a policy file may change; anything it leaves out keeps the rule book's value. */
const LegalPolicyOverridesSchema = z.strictObject({
  deadlines: z
    .strictObject({
      consumerRightsAcknowledgeBusinessDays: daysUpTo(10, 'Regs 7021(a)'),
      consumerRightsRespondCalendarDays: daysUpTo(45, 'Civ. 1798.130(a)(2)(A)'),
      consumerRightsExtensionCalendarDays: daysUpTo(45, 'Regs 7021(b)'),
      optOutBusinessDays: daysUpTo(15, 'Regs 7026(f)'),
      limitBusinessDays: daysUpTo(15, 'Regs 7027(g)'),
      nevadaRespondCalendarDays: daysUpTo(60, 'NRS 603A.345(4)'),
      nevadaExtensionCalendarDays: daysUpTo(30, 'NRS 603A.345(4)'),
      shineTheLightDesignatedAddressCalendarDays: daysUpTo(30, 'Civ. 1798.83(b)'),
      shineTheLightOtherCalendarDays: daysUpTo(150, 'Civ. 1798.83(b)'),
      // Civ. 1798.83(c)(2) sets no period; the product's outer limit is the opt-out's (Regs 7026(f)).
      shineTheLightSuppressionBusinessDays: daysUpTo(15, 'Regs 7026(f)'),
    })
    .partial()
    .optional(),
  /** Company closures that are not business days (docs/legal-rules.md#business-calendar: they can only move dates later). */
  companyClosures: z.array(z.iso.date()).max(1000).optional(),
  verification: z
    .strictObject({
      knowCategoriesDataPoints: dataPoints,
      knowSpecificPiecesDataPoints: dataPoints,
      deleteOrCorrectDataPoints: dataPoints,
      sensitiveDeleteOrCorrectDataPoints: dataPoints,
      nevadaOptOut: z.strictObject({ emailControlRequired: z.boolean(), dataPoints }),
    })
    .partial()
    .optional(),
  /** Days a requester has to verify; the closure still comes by the due date (docs/legal-rules.md). */
  verificationWindowDays: z.number().int().min(1).max(90).optional(),
  agentAuthorization: z
    .strictObject({
      requireSignedPermission: z.boolean(),
      consumerStep: z.enum(CONSUMER_AGENT_STEPS),
      requireSignedPermissionForOptOut: z.boolean(),
    })
    .partial()
    .optional(),
});
type LegalPolicyOverrides = z.output<typeof LegalPolicyOverridesSchema>;

export function buildLegalPolicy(
  config: Pick<Config, 'BUSINESS_TIMEZONE'>,
  overrides: LegalPolicyOverrides = {},
): LegalPolicy {
  const timeZone = config.BUSINESS_TIMEZONE;
  const closures = overrides.companyClosures ?? [];
  // The calendar's name is shown beside every date it produced (docs/legal-rules.md#business-calendar),
  // so it names the zone actually used.
  const calendar = {
    ...DEFAULT_BUSINESS_CALENDAR,
    name:
      timeZone === DEFAULT_BUSINESS_CALENDAR.timeZone
        ? DEFAULT_BUSINESS_CALENDAR.name
        : `US federal holidays (${timeZone})`,
    timeZone,
    extraClosures: closures,
  };
  return Object.freeze({
    deadlines: Object.freeze({ ...DEFAULT_DEADLINE_POLICY, ...overrides.deadlines, calendar }),
    lifecycle: Object.freeze({
      timeZone,
      verification: Object.freeze({ ...DEFAULT_VERIFICATION_POLICY, ...overrides.verification }),
      agentAuthorization: Object.freeze({
        ...DEFAULT_AGENT_AUTHORIZATION_POLICY,
        ...overrides.agentAuthorization,
      }),
      verificationWindowDays: overrides.verificationWindowDays ?? DEFAULT_VERIFICATION_WINDOW_DAYS,
    }),
  });
}

/** The rule book's values, with the policy file's overrides when there is one. */
export async function loadLegalPolicy(config: Pick<Config, 'BUSINESS_TIMEZONE' | 'LEGAL_POLICY_FILE'>) {
  if (config.LEGAL_POLICY_FILE === undefined) return buildLegalPolicy(config);
  const text = await readFile(config.LEGAL_POLICY_FILE, 'utf8');
  const result = LegalPolicyOverridesSchema.safeParse(JSON.parse(text));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${config.LEGAL_POLICY_FILE} is not a valid legal policy:\n${problems.join('\n')}`);
  }
  return buildLegalPolicy(config, result.data);
}
