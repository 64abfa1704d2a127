import { describe, expect, it } from 'vitest';
import { linkPendingAuditEvents, verifyAuditChain } from '../src/services/audit/audit-chain-repo.js';
import { auditEntryOf } from '../src/domain/audit-events.js';
import { InvalidCommandError } from '../src/domain/errors.js';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { MONDAY_MORNING, STAFF, useServiceHarness, submission } from './support/services.js';

const harness = useServiceHarness();

async function countRows(table: string, requestId?: string): Promise<number> {
  const where =
    requestId === undefined ? '' : ` WHERE ${table === 'privacy_requests' ? 'id' : 'request_id'} = $1`;
  const result = await harness.sql(
    `SELECT count(*)::int AS n FROM ${table}${where}`,
    requestId ? [requestId] : [],
  );
  return result.rows[0].n;
}

describe('submitRequest', () => {
  it('stores the request, its subject, the receipt mail and exactly the submission event', async () => {
    harness.deps.clock.set(MONDAY_MORNING);
    const summary = await submitRequest(harness.deps, { input: submission('know'), actor: STAFF });

    expect(summary).toEqual({
      id: expect.any(String),
      reference: expect.stringMatching(/^RD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/),
      type: 'know',
      jurisdiction: 'ca_ccpa',
      channel: 'web',
      submitter: 'self',
      status: 'awaiting_verification',
      receivedAt: MONDAY_MORNING,
      deadlines: {
        acknowledgeBy: '2025-03-14',
        respondBy: '2025-04-16',
        extendedRespondBy: '2025-05-31',
        extended: false,
      },
      version: 1,
    });
    const subject = await harness.db.requestSubject.findUniqueOrThrow({ where: { requestId: summary.id } });
    expect(subject).toMatchObject({
      email: 'Jane.Roe@Example.com',
      emailNormalized: 'jane.roe@example.com',
      phone: '+14155550134',
      addressState: 'CA',
      stateOfResidence: 'CA',
    });
    const outbox = await harness.db.outboxMessage.findMany();
    expect(outbox.map(({ topic, payload }) => ({ topic, payload }))).toEqual([
      { topic: 'mail.receipt_confirmation', payload: { requestId: summary.id } },
    ]);
    const audit = await harness.db.auditEvent.findMany({ where: { requestId: summary.id } });
    const row = await harness.db.privacyRequest.findUniqueOrThrow({ where: { id: summary.id } });
    const state = row.state as { knowScope: unknown };
    expect(
      audit.map(({ action, payload, actorType, actorId }) => ({ action, payload, actorType, actorId })),
    ).toEqual([
      {
        ...auditEntryOf({
          kind: 'request_submitted',
          requestId: summary.id,
          requestType: 'know',
          jurisdiction: 'ca_ccpa',
          channel: 'web',
          submitter: 'self',
          ageBand: null,
          knowScope: { categories: true, specificPieces: false, beyond12Months: false },
          sensitiveData: false,
          correctedDataPoint: null,
          priorRequestThisCalendarYear: false,
          knowResponsesInPrior12Months: 0,
          deadlines: { respondBy: '2025-04-16', extendedRespondBy: '2025-05-31', extended: false },
          receivedAt: MONDAY_MORNING,
          initialStatus: 'awaiting_verification',
        }),
        actorType: 'staff',
        actorId: STAFF.id,
      },
    ]);
    expect(state.knowScope).toEqual({ categories: true, specificPieces: false, beyond12Months: false });
  });

  it('counts the deadlines of a request logged by phone from the day it was received, three days ago', async () => {
    harness.deps.clock.set('2025-03-06T21:30:00.000Z'); // Thursday, 13:30 in Los Angeles
    const summary = await submitRequest(harness.deps, {
      input: submission('delete', { channel: 'phone', receivedAt: '2025-03-03T09:15:00-08:00' }),
      actor: STAFF,
    });
    expect(summary.receivedAt).toBe('2025-03-03T17:15:00.000Z');
    // Day 1 is Monday 3 March: 45 calendar days end 16 April; 10 business days end Friday 14 March.
    expect(summary.deadlines).toEqual({
      acknowledgeBy: '2025-03-14',
      respondBy: '2025-04-16',
      extendedRespondBy: '2025-05-31',
      extended: false,
    });
    const row = await harness.db.privacyRequest.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.receiptDate.toISOString()).toBe('2025-03-03T00:00:00.000Z');
    expect((row.state as { receivedAt: string }).receivedAt).toBe('2025-03-03T17:15:00.000Z');
  });

  it('refuses a receipt time in the future and writes nothing', async () => {
    harness.deps.clock.set(MONDAY_MORNING);
    const before = await countRows('privacy_requests');
    const attempt = submitRequest(harness.deps, {
      input: submission('delete', { receivedAt: '2025-03-03T18:00:01Z' }),
      actor: STAFF,
    });
    await expect(attempt).rejects.toBeInstanceOf(InvalidCommandError);
    expect(await countRows('privacy_requests')).toBe(before);
  });

  it('refuses a request for a child under 13 from anyone but a parent or guardian (Regs 7070(c))', async () => {
    harness.deps.clock.set(MONDAY_MORNING);
    const child = { ...submission('delete').subject, ageBand: 'under_13' };
    const before = await countRows('privacy_requests');
    await expect(
      submitRequest(harness.deps, { input: submission('delete', { subject: child }), actor: STAFF }),
    ).rejects.toMatchObject({ code: 'REQUEST.PARENT_GUARDIAN_REQUIRED' });
    expect(await countRows('privacy_requests')).toBe(before);
    const byParent = await submitRequest(harness.deps, {
      input: submission('delete', { subject: child, submitter: 'parent_guardian' }),
      actor: STAFF,
    });
    expect(byParent).toMatchObject({ submitter: 'parent_guardian', status: 'awaiting_verification' });
  });

  it('holds an agent-submitted request for authorization and keeps the agent', async () => {
    harness.deps.clock.set(MONDAY_MORNING);
    const summary = await submitRequest(harness.deps, {
      input: submission('correct', {
        agent: { kind: 'business', name: 'Privacy Helpers LLC', secretaryOfStateNumber: '202012345678' },
      }),
      actor: STAFF,
    });
    expect(summary).toMatchObject({ submitter: 'authorized_agent', status: 'awaiting_agent_authorization' });
    const agent = await harness.db.requestAgent.findUniqueOrThrow({ where: { requestId: summary.id } });
    expect(agent).toMatchObject({ kind: 'business', name: 'Privacy Helpers LLC' });
  });

  it('retries with a new reference when the random one is taken, writing the request once', async () => {
    harness.deps.clock.set(MONDAY_MORNING);
    const taken = new Uint8Array([1, 2, 3, 4, 5]);
    const fresh = new Uint8Array([6, 7, 8, 9, 10]);
    const first = await submitRequest(
      { ...harness.deps, randomBytes: () => taken },
      {
        input: submission('opt_out'),
        actor: STAFF,
      },
    );
    const supplies = [taken, fresh];
    const second = await submitRequest(
      { ...harness.deps, randomBytes: () => supplies.shift() ?? fresh },
      {
        input: submission('opt_out'),
        actor: STAFF,
      },
    );
    // 0x0102030405 in 5-bit groups: 0 4 1 0 6 1 0 5.
    expect(first.reference).toBe('RD-0410-6105');
    expect(second.reference).not.toBe(first.reference);
    expect(supplies).toEqual([]);
    expect(await countRows('audit_events', second.id)).toBe(2);
    await linkPendingAuditEvents(harness.db);
    expect(await verifyAuditChain(harness.db)).toMatchObject({ ok: true, pending: 0 });
  });

  it('notes a Shine the Light customer already answered this calendar year', async () => {
    harness.deps.clock.set(MONDAY_MORNING);
    const stl = (email: string) =>
      submission('stl_disclosure', { subject: { ...submission('stl_disclosure').subject, email } });
    const earlier = await submitRequest(harness.deps, {
      input: stl('stl.customer@example.com'),
      actor: STAFF,
    });
    const verify = {
      kind: 'verify',
      method: 'records_match',
      dataPoints: ['account_number'],
      emailControlProven: false,
      declarationSigned: false,
    } as const;
    for (const action of [
      verify,
      { kind: 'start' },
      { kind: 'complete', summary: 'List of recipients sent' },
    ] as const) {
      await applyRequestCommand(harness.deps, { requestId: earlier.id, action, actor: STAFF });
    }
    const again = await submitRequest(harness.deps, { input: stl('STL.Customer@example.com'), actor: STAFF });
    // Civ. 1798.83(b): the customer is recognised by any shared identifier; a stranger shares none.
    const strangerInput = stl('someone.else@example.com');
    const stranger = await submitRequest(harness.deps, {
      input: {
        ...strangerInput,
        subject: { ...strangerInput.subject, phone: '+14155550987', accountNumber: 'ZZ-999' },
      },
      actor: STAFF,
    });
    const prior = async (id: string) =>
      (
        (await harness.db.privacyRequest.findUniqueOrThrow({ where: { id } })).state as {
          priorRequestThisCalendarYear: boolean;
        }
      ).priorRequestThisCalendarYear;
    expect(await prior(again.id)).toBe(true);
    expect(await prior(stranger.id)).toBe(false);
  });

  it('writes nothing at all when a write after the request row fails', async () => {
    harness.deps.clock.set(MONDAY_MORNING);
    // A failure injected in this test's own database: the audit insert, the
    // transaction's last write, is refused after the request row went in.
    await harness.sql(`
      CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$;
      CREATE TRIGGER refuse_audit_insert BEFORE INSERT ON audit_events
        FOR EACH ROW EXECUTE FUNCTION refuse_insert();`);
    const tables = [
      'privacy_requests',
      'request_subjects',
      'request_agents',
      'outbox_messages',
      'audit_events',
    ];
    const counts = async () => {
      const found: number[] = [];
      for (const table of tables) found.push(await countRows(table));
      return found;
    };
    const before = await counts();
    try {
      const attempt = submitRequest(harness.deps, {
        input: submission('know', { agent: { kind: 'person', name: 'Sam Agent' } }),
        actor: STAFF,
      });
      await expect(attempt).rejects.toThrow(/injected failure/);
      expect(await counts()).toEqual(before);
    } finally {
      await harness.sql('DROP TRIGGER refuse_audit_insert ON audit_events; DROP FUNCTION refuse_insert();');
    }
  });
});
