// A requester without email gets their access report by post: the completion
// letter says it is enclosed, and officers print it from the letters page,
// which is recorded as viewing the consumer's personal data. So does a consumer
// without email whose agent, holding no power of attorney, may not receive it.

import { describe, expect, it } from 'vitest';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { useTestApp } from './support/app.js';
import { completedKnowRequest, DATA_MAP } from './support/fulfilment.js';
import { STAFF, submission, VERIFY_TWO_POINTS } from './support/services.js';
import { createStaffUser, signIn } from './support/staff.js';

const harness = useTestApp();
const withSystems = useTestApp({ dataMap: DATA_MAP });

describe('the access report by post', () => {
  it('is enclosed with the completion letter and printed by an officer, audited', async () => {
    const requestId = await completedKnowRequest(harness.app.deps, undefined, {
      subject: { email: undefined },
    });
    const officer = await signIn(
      harness.app,
      await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' }),
    );
    const letters = await officer.get('/staff/letters');
    expect(letters.status).toBe(200);
    expect(letters.body).toContain('Your report is enclosed with this letter.');
    expect(letters.body).toContain(`/staff/letters/access-report/${requestId}`);

    const printed = await officer.get(`/staff/letters/access-report/${requestId}`);
    expect(printed.status).toBe(200);
    expect(printed.body).toContain('1 Market St');
    expect(printed.body).not.toContain('6789');
    const viewed = await harness.db.auditEvent.findMany({
      where: { requestId, action: 'request.personal_data_viewed' },
    });
    expect(viewed.map((event) => event.payload)).toEqual([{ sections: ['access_report'] }]);
  });

  it('is refused to a call-center agent, and is a 404 for a request without a report', async () => {
    const agent = await signIn(
      harness.app,
      await createStaffUser(harness.db, harness.config, { role: 'call_center_agent' }),
    );
    const requestId = await completedKnowRequest(harness.app.deps, undefined, {
      subject: { email: undefined },
    });
    expect((await agent.get(`/staff/letters/access-report/${requestId}`)).status).toBe(403);
    const officer = await signIn(
      harness.app,
      await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' }),
    );
    expect(
      (await officer.get('/staff/letters/access-report/5a0e0000-0000-4000-8000-00000000abcd')).status,
    ).toBe(404);
  });

  it('goes by post to a consumer without email when their agent has no power of attorney (Regs 7063(b))', async () => {
    const deps = withSystems.app.deps;
    const input = submission('know', {
      agent: { kind: 'person', name: 'Sam Agent', email: 'sam.agent@example.com' },
    });
    const { id: requestId } = await submitRequest(deps, {
      input: { ...input, subject: { ...input.subject, email: undefined } },
      actor: STAFF,
    });
    for (const action of [
      { kind: 'record_agent_authorization', step: 'signed_permission' },
      { kind: 'record_agent_authorization', step: 'consumer_confirmed_permission' },
      VERIFY_TWO_POINTS,
      { kind: 'start' },
      { kind: 'complete', summary: 'Your report is ready.' },
    ] as const) {
      await applyRequestCommand(deps, { requestId, action, actor: STAFF });
    }
    const stored = await withSystems.db.accessPackage.findUniqueOrThrow({ where: { requestId } });
    expect(stored.recipient).toBe('consumer');
    const officer = await signIn(
      withSystems.app,
      await createStaffUser(withSystems.db, withSystems.config, { role: 'privacy_officer' }),
    );
    const letters = await officer.get('/staff/letters');
    expect(letters.body).toContain(`/staff/letters/access-report/${requestId}`);
    expect(letters.body).toContain('Your report is enclosed with this letter.');
  });
});
