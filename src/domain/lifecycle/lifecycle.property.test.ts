// Properties over random command sequences (fast-check): whatever staff,
// agents and the system send, in whatever order, the lifecycle never skips
// what the law requires, and the events alone rebuild the state.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDateOf } from '../business-date.js';
import { DomainError } from '../errors.js';
import { DATA_POINTS, REQUEST_TYPES, type KnowScope } from '../request-types.js';
import {
  assessVerification,
  DEFAULT_VERIFICATION_POLICY,
  requiredVerification,
  requiresVerification,
  VERIFICATION_RAISE_BASES,
  type RaisedVerificationLevel,
  type VerificationSubject,
} from '../verification-rules.js';
import {
  AGENT_AUTHORIZATION_STEPS,
  CONSUMER_AGENT_STEPS,
  DEFAULT_VERIFICATION_WINDOW_DAYS,
  decide,
  DELETION_EXCEPTIONS,
  DENIAL_REASON_CODES,
  evolve,
  isTerminal,
  replay,
  VERIFICATION_METHODS,
  type AgentAuthorizationPolicy,
  type ConsumerAgentStep,
  type LifecyclePolicy,
  type RequestCommand,
  type RequestEvent,
  type RequestState,
  type SubmitCommand,
  type VerificationRecord,
} from './index.js';

const START = new Date('2025-03-03T18:00:00Z').getTime();
const HOUR = 3_600_000;

const knowScope: fc.Arbitrary<KnowScope> = fc
  .record({ categories: fc.boolean(), specificPieces: fc.boolean(), beyond12Months: fc.boolean() })
  .filter((scope) => scope.categories || scope.specificPieces);

const submit: fc.Arbitrary<SubmitCommand> = fc
  .record({
    requestType: fc.constantFrom(...REQUEST_TYPES),
    submitter: fc.constantFrom('self', 'authorized_agent', 'parent_guardian'),
    ageBand: fc.constantFrom(null, '16_plus', '13_15', 'under_13'),
    scope: knowScope,
    sensitiveData: fc.boolean(),
    correctedDataPoint: fc.option(fc.constantFrom(...DATA_POINTS), { nil: null }),
    priorRequestThisCalendarYear: fc.boolean(),
    knowResponsesInPrior12Months: fc.nat(4),
    extendedRespondBy: fc.constantFrom(null, '2025-05-31'),
  })
  .map(({ scope, correctedDataPoint, ...fields }) => ({
    ...fields,
    kind: 'submit',
    requestId: 'request-1',
    channel: 'web',
    knowScope: fields.requestType === 'know' ? scope : null,
    correctedDataPoint: fields.requestType === 'correct' ? correctedDataPoint : null,
    respondBy: '2025-04-16',
  }));

const evidence = fc.record({
  method: fc.constantFrom(...VERIFICATION_METHODS),
  matchedDataPoints: fc.array(fc.constantFrom(...DATA_POINTS), { maxLength: 6 }),
  emailControlProven: fc.boolean(),
  declarationSigned: fc.boolean(),
});

const command: fc.Arbitrary<RequestCommand> = fc.oneof(
  { weight: 1, arbitrary: submit },
  {
    weight: 4,
    arbitrary: fc
      .constantFrom(...AGENT_AUTHORIZATION_STEPS)
      .map((step) => ({ kind: 'record_agent_authorization' as const, step })),
  },
  { weight: 4, arbitrary: evidence.map((given) => ({ ...given, kind: 'verify' as const })) },
  {
    weight: 2,
    arbitrary: evidence.map((given) => ({ ...given, kind: 'mark_unverifiable' as const })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('raise_verification_level' as const),
      level: fc.constant('reasonably_high' as const),
      basis: fc.constantFrom(...VERIFICATION_RAISE_BASES),
      reason: fc.constantFrom('', 'Call records on the account'),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'start' as const }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('', 'Archived records').map((reason) => ({ kind: 'extend' as const, reason })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', 'Answered').map((summary) => ({ kind: 'complete' as const, summary })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        reasonCode: fc.constantFrom(...DENIAL_REASON_CODES),
        explanation: fc.constantFrom('', 'Explained'),
        exception: fc.option(fc.constantFrom(...DELETION_EXCEPTIONS), { nil: null }),
      })
      .map((denial) => ({ ...denial, kind: 'deny' as const })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'withdraw' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'close_unverified' as const }) },
);

const agentPolicy: fc.Arbitrary<AgentAuthorizationPolicy> = fc.record({
  requireSignedPermission: fc.boolean(),
  consumerStep: fc.constantFrom(...CONSUMER_AGENT_STEPS),
  requireSignedPermissionForOptOut: fc.boolean(),
});

/** A submit, then commands each sent some hours after the previous one. */
const scenario = fc.record({
  agentAuthorization: agentPolicy,
  first: submit,
  rest: fc.array(fc.tuple(command, fc.integer({ min: 0, max: 24 * 15 })), { maxLength: 14 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer Value> ? Value : never;

interface Checkpoint {
  readonly before: RequestState | null;
  readonly events: readonly RequestEvent[];
  readonly state: RequestState;
  readonly history: readonly RequestEvent[];
  readonly now: Date;
  readonly policy: LifecyclePolicy;
}

/** Runs the scenario, calling `check` after every accepted command. */
function run({ agentAuthorization, first, rest }: Scenario, check: (checkpoint: Checkpoint) => void): void {
  const policy: LifecyclePolicy = {
    timeZone: 'America/Los_Angeles',
    verification: DEFAULT_VERIFICATION_POLICY,
    agentAuthorization,
    verificationWindowDays: DEFAULT_VERIFICATION_WINDOW_DAYS,
  };
  let state: RequestState | null = null;
  let history: RequestEvent[] = [];
  let elapsed = 0;
  for (const [next, hours] of [[first, 0] as const, ...rest]) {
    elapsed += hours * HOUR;
    const now = new Date(START + elapsed);
    const before: RequestState | null = deepFreeze(state);
    let events: RequestEvent[];
    try {
      events = decide(before, next, now, policy);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      continue;
    }
    expect(decide(before, next, now, policy)).toEqual(events);
    state = events.reduce<RequestState | null>(
      (current, event) => evolve(deepFreeze(current), event),
      before,
    );
    history = [...history, ...events];
    if (state === null) throw new Error('an accepted command always leaves a request');
    check({ before, events, state, history, now, policy });
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

/** Regs 7063(a)(2) or (3): what the consumer's own step asks, judged from the steps recorded. */
function consumerStepDone(consumerStep: ConsumerAgentStep, steps: ReadonlySet<string>): boolean {
  const verified = steps.has('consumer_verified_identity');
  const confirmed = steps.has('consumer_confirmed_permission');
  return {
    either: verified || confirmed,
    identity_verification: verified,
    permission_confirmation: confirmed,
    none: true,
  }[consumerStep];
}

/** The Regs 7063 steps, judged from the recorded events rather than the state. */
function agentAuthorizedByHistory(
  history: readonly RequestEvent[],
  state: RequestState,
  policy: AgentAuthorizationPolicy,
): boolean {
  const steps = new Set(
    history.flatMap((event) => (event.kind === 'agent_authorization_recorded' ? [event.step] : [])),
  );
  if (steps.has('power_of_attorney')) return true;
  if (!requiresVerification(state.type))
    return !policy.requireSignedPermissionForOptOut || steps.has('signed_permission');
  return (
    (!policy.requireSignedPermission || steps.has('signed_permission')) &&
    consumerStepDone(policy.consumerStep, steps)
  );
}

const PAST_VERIFICATION = ['verified', 'in_progress', 'completed', 'denied'];
const PROPERTY_RUNS = { numRuns: 200 };

describe('lifecycle properties', () => {
  it('never reaches verified, in progress, completed or denied without what the type requires', () => {
    fc.assert(
      fc.property(scenario, (given) =>
        run(given, ({ state, history, policy }) => {
          if (!PAST_VERIFICATION.includes(state.status)) return;
          if (state.submitter === 'authorized_agent') {
            expect(agentAuthorizedByHistory(history, state, policy.agentAuthorization)).toBe(true);
          }
          if (!requiresVerification(state.type)) return;
          // Judge each verification against the scope and the level the request had at that
          // moment; a raise withdraws a verification made below it (Regs 7062(c), (d)).
          let knowScope: KnowScope | null = null;
          let raisedLevel: RaisedVerificationLevel | null = null;
          let verifications: (RequestState & VerificationSubject & { record: VerificationRecord })[] = [];
          for (const event of history) {
            if (event.kind === 'request_submitted') knowScope = event.knowScope;
            if (event.kind === 'know_scope_narrowed') knowScope = event.to;
            if (event.kind === 'verification_level_raised') {
              raisedLevel = event.level;
              if (event.verificationWithdrawn) verifications = [];
            }
            if (event.kind === 'request_verified') {
              verifications.push({ ...state, knowScope, raisedLevel, record: event.verification });
            }
          }
          expect(verifications).toHaveLength(1);
          for (const { record, ...subject } of verifications) {
            expect(record.level).toBe(requiredVerification(subject, policy.verification).level);
            expect(assessVerification(subject, record, policy.verification).met).toBe(true);
          }
        }),
      ),
      PROPERTY_RUNS,
    );
  });

  it('folding the events with evolve gives the state the next decision is made against', () => {
    fc.assert(
      fc.property(scenario, (given) =>
        run(given, ({ state, history }) => {
          expect(replay(history)).toEqual(state);
        }),
      ),
      PROPERTY_RUNS,
    );
  });

  it('extends once and on time, accepts nothing after a terminal status, offers the opt-out on deletion denials', () => {
    fc.assert(
      fc.property(scenario, (given) =>
        run(given, ({ before, events, state, history, now, policy }) => {
          expect(before !== null && isTerminal(before.status)).toBe(false);
          for (const event of events) {
            if (event.kind === 'deadline_extended') {
              expect(businessDateOf(now, policy.timeZone) <= event.previousRespondBy).toBe(true);
            }
          }
          expect(history.filter((event) => event.kind === 'deadline_extended').length).toBeLessThanOrEqual(1);
          if (state.status === 'denied' && state.type === 'delete') {
            expect(state.denial).toMatchObject({
              optOutOffered: true,
              exception: expect.any(String),
            });
          }
        }),
      ),
      PROPERTY_RUNS,
    );
  });
});
