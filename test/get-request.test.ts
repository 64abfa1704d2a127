import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../src/domain/errors.js';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import { getRequest } from '../src/services/requests/get-request.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { MONDAY_MORNING, OTHER_STAFF, STAFF, useServiceHarness, submission } from './support/services.js';

const harness = useServiceHarness();

describe('getRequest', () => {
  it('shows the request, its personal data, how each date was counted and its history', async () => {
    harness.deps.clock.set(MONDAY_MORNING);
    const { id, reference } = await submitRequest(harness.deps, {
      input: submission('correct', {
        channel: 'mail',
        sensitiveData: true,
        subject: { ...submission('correct').subject, ageBand: '13_15', lastInteractionDate: '2025-02-14' },
        agent: { kind: 'person', name: 'Sam Agent', phone: '+1 415 555 0199' },
      }),
      actor: STAFF,
    });
    await applyRequestCommand(harness.deps, {
      requestId: id,
      action: { kind: 'record_agent_authorization', step: 'power_of_attorney' },
      actor: STAFF,
    });
    await applyRequestCommand(harness.deps, {
      requestId: id,
      action: {
        kind: 'verify',
        method: 'records_match',
        dataPoints: ['name', 'email', 'phone'],
        emailControlProven: true,
        declarationSigned: true,
        declarationSignedName: 'Jane Roe',
      },
      actor: STAFF,
    });

    harness.deps.clock.set('2025-03-04T17:00:00Z');
    const detail = await getRequest(harness.deps, { requestId: id, actor: OTHER_STAFF });

    expect(detail).toMatchObject({
      id,
      reference,
      type: 'correct',
      status: 'verified',
      submitter: 'authorized_agent',
      sensitiveData: true,
      ageBand: '13_15',
      // Regs 7060: the postal address under correction cannot verify the requester.
      correctedDataPoint: 'postal_address',
      agentAuthorization: { powerOfAttorney: true, signedPermission: false },
      outcome: null,
      subject: {
        firstName: 'Jane',
        email: 'Jane.Roe@Example.com',
        phone: '+14155550134',
        address: {
          line1: '1 Market St',
          line2: null,
          city: 'San Francisco',
          state: 'CA',
          postalCode: '94105',
        },
        lastInteractionDate: '2025-02-14',
        ageBand: '13_15',
        state: 'CA',
      },
      correction: { field: 'postal_address', currentValue: '1 Market St', requestedValue: '2 Market St' },
      agent: { kind: 'person', name: 'Sam Agent', phone: '+14155550199', email: null },
      verifications: [{ level: 'reasonably_high', declarationSignedName: 'Jane Roe', actor: STAFF }],
    });
    expect(detail.deadlines).toMatchObject({
      receiptDate: '2025-03-03',
      acknowledgeBy: '2025-03-14',
      respondBy: '2025-04-16',
    });
    expect(detail.deadlines.explanations.respondBy).toContain('Day 1 is the receipt date 2025-03-03');
    expect(detail.deadlines.explanations.acknowledgeBy).toContain('Regs 7021(a)');
    expect(detail.history.map((entry) => entry.action)).toEqual([
      'request_submitted',
      'agent_authorization_recorded',
      'agent_authorization_completed',
      'request_verified',
    ]);
    // The database stamps the time of an audit event, whatever the services' clock says.
    expect(detail.history[3]).toMatchObject({
      actor: STAFF,
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      sequence: expect.any(String),
    });
  });

  it('records who viewed the personal data, and which parts, each time', async () => {
    harness.deps.clock.set(MONDAY_MORNING);
    const { id } = await submitRequest(harness.deps, { input: submission('delete'), actor: STAFF });
    await getRequest(harness.deps, { requestId: id, actor: OTHER_STAFF });
    const second = await getRequest(harness.deps, { requestId: id, actor: STAFF });

    expect(second.history.map((entry) => [entry.action, entry.actor])).toEqual([
      ['request_submitted', STAFF],
      ['request.personal_data_viewed', OTHER_STAFF],
    ]);
    const views = await harness.db.auditEvent.findMany({
      where: { requestId: id, action: 'request.personal_data_viewed' },
      orderBy: { sequence: 'asc' },
    });
    expect(views.map((view) => [view.actorId, view.payload])).toEqual([
      [OTHER_STAFF.id, { sections: ['subject'] }],
      [STAFF.id, { sections: ['subject'] }],
    ]);
  });

  it('answers an unknown request with NotFoundError and records no viewing', async () => {
    const before = await harness.db.auditEvent.count();
    await expect(
      getRequest(harness.deps, { requestId: '00000000-0000-4000-8000-000000000000', actor: STAFF }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await harness.db.auditEvent.count()).toBe(before);
  });
});
