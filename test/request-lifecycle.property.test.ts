// Random command sequences through the services on the real database, judged
// against the pure decider as the model: the database ends up exactly where
// the decider says, every accepted command writes exactly the audit events it
// decided, refused commands write nothing, and the chain always verifies.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkPendingAuditEvents, verifyAuditChain } from '../src/services/audit/audit-chain-repo.js';
import { findRequest } from '../src/services/requests/requests-repo.js';
import { auditEntryOf, type Actor } from '../src/domain/audit-events.js';
import { DomainError } from '../src/domain/errors.js';
import {
  AGENT_AUTHORIZATION_STEPS,
  decideAndApplyAtOnce,
  DELETION_EXCEPTIONS,
  DENIAL_REASON_CODES,
  evolve,
  VERIFICATION_METHODS,
  type RequestCommand,
  type RequestEvent,
  type RequestState,
} from '../src/domain/lifecycle/index.js';
import { DATA_POINTS, REQUEST_TYPES, type DataPoint } from '../src/domain/request-types.js';
import {
  assessVerification,
  requiredVerification,
  requiresVerification,
} from '../src/domain/verification-rules.js';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import type { RequestAction } from '../src/services/requests/request-action-schemas.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { MONDAY_MORNING, STAFF, useServiceHarness, submission } from './support/services.js';

const harness = useServiceHarness();

const SYSTEM: Actor = { type: 'system', id: 'deadline-job' };

const evidence = fc.record({
  method: fc.constantFrom(...VERIFICATION_METHODS),
  dataPoints: fc.uniqueArray(fc.constantFrom(...DATA_POINTS), { maxLength: 5 }),
  emailControlProven: fc.boolean(),
  declarationSigned: fc.boolean(),
});
const withDeclarationName = <T extends { declarationSigned: boolean }>(given: T) => ({
  ...given,
  declarationSignedName: given.declarationSigned ? 'Jane Roe' : undefined,
});

// Weighted towards the commands that move a request on, so that runs reach
// every status rather than stopping at the first withdrawal.
const action: fc.Arbitrary<RequestAction> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(...AGENT_AUTHORIZATION_STEPS)
      .map((step) => ({ kind: 'record_agent_authorization' as const, step })),
  },
  {
    weight: 8,
    arbitrary: evidence.map((given) => ({ ...withDeclarationName(given), kind: 'verify' as const })),
  },
  {
    weight: 2,
    arbitrary: evidence.map((given) => ({
      ...withDeclarationName(given),
      kind: 'mark_unverifiable' as const,
    })),
  },
  { weight: 6, arbitrary: fc.constant({ kind: 'start' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'extend' as const, reason: 'Records are archived' }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'complete' as const, summary: 'Answered' }) },
  {
    weight: 5,
    arbitrary: fc
      .record({
        reasonCode: fc.constantFrom(...DENIAL_REASON_CODES),
        exception: fc.option(fc.constantFrom(...DELETION_EXCEPTIONS), { nil: undefined }),
      })
      .map((denial) => ({ ...denial, kind: 'deny' as const, explanation: 'Explained' })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'withdraw' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'close_unverified' as const }) },
);

/** Mostly hours apart, now and then weeks, so deadlines sometimes pass. */
const pause = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 48 }) },
  fc.integer({ min: 0, max: 24 * 60 }),
);

const scenario = fc.record({
  type: fc.constantFrom(...REQUEST_TYPES),
  byAgent: fc.constantFrom(false, false, true),
  specificPieces: fc.boolean(),
  sensitiveData: fc.boolean(),
  correctedField: fc.constantFrom('postal_address', 'email', 'billing plan'),
  steps: fc.array(fc.tuple(action, pause), { minLength: 1, maxLength: 12 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The model's reading of an action, written independently of the service's. */
function commandOf(given: RequestAction): RequestCommand {
  switch (given.kind) {
    case 'verify':
    case 'mark_unverifiable': {
      const { dataPoints, declarationSignedName: _name, ...rest } = given;
      return { ...rest, matchedDataPoints: dataPoints as DataPoint[] };
    }
    case 'deny':
      return { ...given, exception: given.exception ?? null };
    default:
      return given;
  }
}

async function submitScenario(given: Scenario): Promise<string> {
  const overrides = {
    ...(given.byAgent && { agent: { kind: 'person', name: 'Sam Agent' } }),
    ...(given.type === 'know' && { know: { categories: true, specificPieces: given.specificPieces } }),
    ...((given.type === 'delete' || given.type === 'correct') && { sensitiveData: given.sensitiveData }),
    ...(given.type === 'correct' && {
      correction: { field: given.correctedField, currentValue: 'old', requestedValue: 'new' },
    }),
  };
  const summary = await submitRequest(harness.deps, {
    input: submission(given.type, overrides),
    actor: STAFF,
  });
  return summary.id;
}

async function auditOf(requestId: string) {
  const rows = await harness.db.auditEvent.findMany({ where: { requestId }, orderBy: { sequence: 'asc' } });
  return rows.map(({ action: name, payload, actorType, actorId }) => ({
    action: name,
    payload,
    actor: { type: actorType, id: actorId },
  }));
}

/** Runs one scenario, checking the database against the model after every command. */
async function run(given: Scenario): Promise<void> {
  harness.deps.clock.set(MONDAY_MORNING);
  const requestId = await submitScenario(given);
  let model: RequestState = (await findRequest(harness.db, requestId))!.state;
  let audit = await auditOf(requestId);
  const history: RequestEvent[] = [];

  for (const [next, hours] of given.steps) {
    harness.deps.clock.advanceHours(hours);
    const actor = next.kind === 'close_unverified' ? SYSTEM : STAFF;
    let decided: RequestEvent[] | DomainError;
    try {
      decided = decideAndApplyAtOnce(
        model,
        commandOf(next),
        harness.deps.clock.now(),
        harness.deps.policy.lifecycle,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      decided = error;
    }
    const outcome = await applyRequestCommand(harness.deps, { requestId, action: next, actor }).then(
      () => null,
      (error: unknown) => error,
    );
    const auditAfter = await auditOf(requestId);
    if (decided instanceof DomainError) {
      expect(outcome).toMatchObject({ code: decided.code });
      expect(auditAfter).toEqual(audit);
    } else {
      expect(outcome).toBeNull();
      expect(auditAfter.slice(audit.length)).toEqual(
        decided.map((event) => ({ ...auditEntryOf(event), actor })),
      );
      model = decided.reduce(evolve, model);
      history.push(...decided);
    }
    audit = auditAfter;
    const stored = await findRequest(harness.db, requestId);
    expect(stored?.state).toEqual(JSON.parse(JSON.stringify(model)));
    expect(stored?.row.respondBy.toISOString().slice(0, 10)).toBe(model.deadlines.respondBy);
  }
  await expectWhatTheTypeRequires(requestId, model, history);
}

/** Nothing verified, worked or answered without the verification its type needs (docs/legal-rules.md#levels-by-request-type). */
async function expectWhatTheTypeRequires(requestId: string, state: RequestState, history: RequestEvent[]) {
  const records = await harness.db.verificationRecord.findMany({ where: { requestId } });
  const passedVerification = ['verified', 'in_progress', 'completed', 'denied'].includes(state.status);
  if (!passedVerification || !requiresVerification(state.type)) {
    expect(records).toHaveLength(history.some((event) => event.kind === 'request_verified') ? 1 : 0);
    return;
  }
  expect(records).toHaveLength(1);
  const [record] = records;
  const evidence = {
    matchedDataPoints: record!.matchedDataPoints as DataPoint[],
    emailControlProven: record!.emailControlProven,
    declarationSigned: record!.declarationSigned,
  };
  const policy = harness.deps.policy.lifecycle.verification;
  expect(assessVerification(state, evidence, policy).met).toBe(true);
  expect(record!.level).toBe(requiredVerification(state, policy).level);
  expect(record!.declarationSignedName).toBe(record!.declarationSigned ? 'Jane Roe' : null);
}

describe('the request lifecycle on the database', () => {
  it('follows the decider exactly, audits every decision once and keeps the chain intact', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (given) => {
        await run(given);
        await linkPendingAuditEvents(harness.db);
        expect(await verifyAuditChain(harness.db)).toMatchObject({ ok: true, pending: 0 });
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
