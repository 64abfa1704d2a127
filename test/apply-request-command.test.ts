import { describe, expect, it } from 'vitest';
import { sha256Of, type Actor } from '../src/domain/audit-events.js';
import { DomainError, NotFoundError } from '../src/domain/errors.js';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import type { RequestAction } from '../src/services/requests/request-action-schemas.js';
import { OTHER_STAFF, STAFF, useServiceHarness, submitted, VERIFY_TWO_POINTS } from './support/services.js';

const harness = useServiceHarness();

/** Applies the action and returns the audit entries and outbox topics it wrote. */
async function act(requestId: string, action: RequestAction, actor: Actor = STAFF) {
  const auditBefore = await harness.db.auditEvent.count({ where: { requestId } });
  const outboxIds = async () =>
    (await harness.db.outboxMessage.findMany({ select: { id: true } })).map((row) => row.id);
  const outboxBefore = await outboxIds();
  const summary = await applyRequestCommand(harness.deps, { requestId, action, actor });
  const audit = await harness.db.auditEvent.findMany({ where: { requestId }, orderBy: { sequence: 'asc' } });
  const outbox = await harness.db.outboxMessage.findMany({ where: { id: { notIn: outboxBefore } } });
  return {
    summary,
    audit: audit.slice(auditBefore).map(({ action: name, payload, actorType, actorId }) => ({
      action: name,
      payload,
      actor: { type: actorType, id: actorId },
    })),
    outbox: outbox.map(({ topic, payload }) => ({ topic, payload })),
  };
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('applyRequestCommand', () => {
  it('verifies, starts, extends and completes a know request, recording each decision once', async () => {
    const id = await submitted(harness, 'know');
    const verified = await act(id, VERIFY_TWO_POINTS);
    const verification = {
      level: 'reasonable',
      method: 'records_match',
      matchedDataPoints: ['name', 'email'],
      emailControlProven: false,
      declarationSigned: false,
    };
    expect(verified.summary).toMatchObject({ status: 'verified', version: 2 });
    expect(verified.audit).toEqual([{ action: 'request_verified', payload: { verification }, actor: STAFF }]);
    expect(verified.outbox).toEqual([]);
    const records = await harness.db.verificationRecord.findMany({ where: { requestId: id } });
    expect(records).toMatchObject([
      { ...verification, declarationSignedName: null, actorType: 'staff', actorId: STAFF.id },
    ]);

    const started = await act(id, { kind: 'start' }, OTHER_STAFF);
    expect(started.audit).toEqual([{ action: 'work_started', payload: {}, actor: OTHER_STAFF }]);

    harness.deps.clock.set('2025-04-10T16:00:00Z');
    const extended = await act(id, { kind: 'extend', reason: 'Records are in the archive' });
    expect(extended.summary).toMatchObject({
      status: 'in_progress',
      deadlines: { respondBy: '2025-05-31', extendedRespondBy: '2025-05-31', extended: true },
      version: 4,
    });
    expect(extended.audit).toEqual([
      {
        action: 'deadline_extended',
        payload: {
          reasonSha256: sha256Of('Records are in the archive'),
          previousRespondBy: '2025-04-16',
          respondBy: '2025-05-31',
          noticeRequired: true,
        },
        actor: STAFF,
      },
    ]);
    expect(extended.outbox).toEqual([
      {
        topic: 'mail.extension_notice',
        payload: { requestId: id, reason: 'Records are in the archive', previousRespondBy: '2025-04-16' },
      },
    ]);

    const completed = await act(id, { kind: 'complete', summary: 'Categories sent by email' });
    expect(completed.summary).toMatchObject({ status: 'completed', version: 5 });
    expect(completed.audit).toEqual([
      {
        action: 'request_completed',
        payload: { summarySha256: sha256Of('Categories sent by email') },
        actor: STAFF,
      },
    ]);
    expect(completed.outbox).toEqual([{ topic: 'mail.request_completed', payload: { requestId: id } }]);
    const row = await harness.db.privacyRequest.findUniqueOrThrow({ where: { id } });
    expect(row.state).toMatchObject({ status: 'completed', summary: 'Categories sent by email' });
  });

  it('keeps the name a perjury declaration was signed with (Regs 7062(c))', async () => {
    const id = await submitted(harness, 'know', { know: { categories: true, specificPieces: true } });
    await act(id, {
      kind: 'verify',
      method: 'records_match',
      dataPoints: ['name', 'email', 'account_number'],
      emailControlProven: true,
      declarationSigned: true,
      declarationSignedName: 'Jane Roe',
    });
    const [record] = await harness.db.verificationRecord.findMany({ where: { requestId: id } });
    expect(record).toMatchObject({
      level: 'reasonably_high',
      declarationSigned: true,
      declarationSignedName: 'Jane Roe',
    });
  });

  it('denies a deletion under its statutory exception and tells the consumer', async () => {
    const id = await submitted(harness, 'delete');
    await act(id, VERIFY_TWO_POINTS);
    const denied = await act(id, {
      kind: 'deny',
      reasonCode: 'deletion_exception',
      explanation: 'Billing records are kept for 7 years',
      exception: 'legal_obligation',
    });
    expect(denied.summary.status).toBe('denied');
    expect(denied.audit).toEqual([
      {
        action: 'request_denied',
        payload: {
          reasonCode: 'deletion_exception',
          explanationSha256: sha256Of('Billing records are kept for 7 years'),
          exception: 'legal_obligation',
          optOutOffered: true,
        },
        actor: STAFF,
      },
    ]);
    expect(denied.outbox).toEqual([{ topic: 'mail.request_denied', payload: { requestId: id } }]);
  });

  it('closes an unverifiable deletion with the opt-out offer, and an overdue one as the system', async () => {
    const unverifiable = await submitted(harness, 'delete');
    const closed = await act(unverifiable, {
      ...VERIFY_TWO_POINTS,
      kind: 'mark_unverifiable',
      dataPoints: ['name'],
    });
    expect(closed.summary.status).toBe('closed_unverified');
    expect(closed.audit).toEqual([
      {
        action: 'request_closed_unverified',
        payload: { reason: 'unverifiable', optOutOffered: true, privacyPolicyReferred: false },
        actor: STAFF,
      },
    ]);
    expect(closed.outbox).toEqual([
      { topic: 'mail.request_closed_unverified', payload: { requestId: unverifiable } },
    ]);

    const overdue = await submitted(harness, 'know');
    const system: Actor = { type: 'system', id: 'deadline-job' };
    harness.deps.clock.set('2025-04-17T16:00:00Z');
    const expired = await act(overdue, { kind: 'close_unverified' }, system);
    expect(expired.audit).toEqual([
      {
        action: 'request_closed_unverified',
        payload: { reason: 'response_deadline_passed', optOutOffered: false, privacyPolicyReferred: true },
        actor: system,
      },
    ]);
  });

  it('tells the requester when specific pieces cannot be verified and the request is answered as categories (Regs 7024(a))', async () => {
    const id = await submitted(harness, 'know', { know: { categories: false, specificPieces: true } });
    const narrowed = await act(id, {
      kind: 'mark_unverifiable',
      method: 'records_match',
      dataPoints: ['name', 'email'],
      emailControlProven: false,
      declarationSigned: false,
    });
    expect(narrowed.summary.status).toBe('verified');
    expect(narrowed.outbox).toEqual([{ topic: 'mail.know_scope_narrowed', payload: { requestId: id } }]);
  });

  // Regs 7063(a) as amended in 2021: the signed permission, then EITHER consumer step.
  it.each(['consumer_verified_identity', 'consumer_confirmed_permission'] as const)(
    "moves an agent's delete on once the consumer does either step: %s (Regs 7063(a))",
    async (consumerStep) => {
      const id = await submitted(harness, 'delete', { agent: { kind: 'person', name: 'Sam Agent' } });
      const record = (step: 'signed_permission' | typeof consumerStep) =>
        act(id, { kind: 'record_agent_authorization', step });
      expect((await record('signed_permission')).summary.status).toBe('awaiting_agent_authorization');
      const last = await record(consumerStep);
      expect(last.summary.status).toBe('awaiting_verification');
      expect(last.audit.map((entry) => [entry.action, entry.payload])).toEqual([
        ['agent_authorization_recorded', { step: consumerStep }],
        ['agent_authorization_completed', { basis: 'policy_steps', nextStatus: 'awaiting_verification' }],
      ]);
    },
  );

  it("applies an agent's opt-out as soon as staff record the consumer's signed permission", async () => {
    const id = await submitted(harness, 'opt_out', { agent: { kind: 'person', name: 'Sam Agent' } });
    const recorded = await act(id, { kind: 'record_agent_authorization', step: 'signed_permission' });
    expect(recorded.summary.status).toBe('completed');
    expect(recorded.audit.map((entry) => entry.action)).toEqual([
      'agent_authorization_recorded',
      'agent_authorization_completed',
      'request_completed',
    ]);
    // The completion notice, and the planning of notifications to the systems that sell or share.
    expect(recorded.outbox).toEqual([
      { topic: 'mail.request_completed', payload: { requestId: id } },
      { topic: 'fulfilment.plan_opt_out', payload: { requestId: id } },
    ]);
    const subject = await harness.db.requestSubject.findUniqueOrThrow({ where: { requestId: id } });
    const preference = await harness.db.consumerPreference.findUnique({
      where: {
        identityKind_identityValue: { identityKind: 'email', identityValue: subject.emailNormalized! },
      },
    });
    expect(preference?.doNotSellOrShare).toBe(true);
  });

  it('withdraws an opt-out at the consumer’s request', async () => {
    // Still waiting for its agent's proof; one without an agent is applied on arrival.
    const id = await submitted(harness, 'opt_out', { agent: { kind: 'person', name: 'Sam Agent' } });
    const consumer: Actor = { type: 'consumer', id: null };
    const withdrawn = await act(id, { kind: 'withdraw' }, consumer);
    expect(withdrawn.summary.status).toBe('withdrawn');
    expect(withdrawn.audit).toEqual([{ action: 'request_withdrawn', payload: {}, actor: consumer }]);
  });

  it('refuses an illegal action with its code and writes nothing', async () => {
    const id = await submitted(harness, 'delete');
    const auditBefore = await harness.db.auditEvent.count();
    const error = await rejection(
      applyRequestCommand(harness.deps, {
        requestId: id,
        action: { kind: 'complete', summary: 'Done' },
        actor: STAFF,
      }),
    );
    expect(error).toMatchObject({ kind: 'conflict', code: 'REQUEST.ILLEGAL_TRANSITION' });
    expect(await harness.db.auditEvent.count()).toBe(auditBefore);
    const row = await harness.db.privacyRequest.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'awaiting_verification', version: 1 });
  });

  it.each(['00000000-0000-4000-8000-000000000000', 'RD-7KQ2-M9XW'])(
    'answers an unknown request id (%s) with NotFoundError',
    async (requestId) => {
      const error = await rejection(
        applyRequestCommand(harness.deps, { requestId, action: { kind: 'start' }, actor: STAFF }),
      );
      expect(error).toBeInstanceOf(NotFoundError);
    },
  );
});
