// A requester without email gets their access report by post: the completion
// letter says it is enclosed, and officers print it from the letters page,
// which is recorded as viewing the consumer's personal data.

import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app.js';
import { completedKnowRequest } from './support/fulfilment.js';
import { createStaffUser, signIn } from './support/staff.js';

const harness = useTestApp();

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
});
