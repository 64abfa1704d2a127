import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './support/app.js';
import type { CookieClient } from './support/cookie-client.js';
import { createTestClock, MONDAY_MORNING } from './support/services.js';
import { createStaffUser, signIn } from './support/staff.js';

const clock = createTestClock(MONDAY_MORNING);
const harness = useTestApp({ clock });
let agentBrowser: CookieClient;

const CALLER = {
  type: 'correct',
  firstName: 'Jane',
  lastName: 'Roe',
  email: 'jane.roe@example.com',
  state: 'CA',
  callReference: 'CALL-88',
  attestation: 'on',
  confirmationBy: 'email',
};

beforeAll(async () => {
  const agent = await createStaffUser(harness.db, harness.config, { role: 'call_center_agent' });
  agentBrowser = await signIn(harness.app, agent, clock.now());
});

describe('phone intake of a correction', () => {
  it('asks for the field, current value, requested value and an optional explanation, each labelled', async () => {
    const page = await agentBrowser.get('/staff/intake');
    expect(page.statusCode).toBe(200);
    for (const [id, text] of [
      ['correctionField', 'Field to correct'],
      ['currentValue', 'Current value'],
      ['requestedValue', 'Correct value'],
      ['correctionExplanation', 'Explanation (optional)'],
    ]) {
      expect(page.body).toContain(`<label for="${id}">${text}</label>`);
      expect(page.body).toMatch(new RegExp(`<(input|select) id="${id}" name="${id}"`));
    }
    expect(page.body).toContain('<option value="postal_address">postal address</option>');
  });

  it('re-renders a correction without its parts with a message for each, keeping what was typed', async () => {
    const response = await agentBrowser.post(
      '/staff/intake',
      { ...CALLER, correctionField: '', currentValue: '1 Old Road', requestedValue: '' },
      '/staff/intake',
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('choose what is to be corrected');
    expect(response.body).toContain('enter what it should say');
    expect(response.body).not.toContain('enter what the record says now');
    expect(response.body).toContain('value="1 Old Road"');
    expect(await harness.db.privacyRequest.count()).toBe(0);
  });

  it('logs the correction as the caller gave it, not placeholder text', async () => {
    const response = await agentBrowser.post(
      '/staff/intake',
      {
        ...CALLER,
        correctionField: 'postal_address',
        currentValue: '1 Old Road, Fresno, CA 93701',
        requestedValue: '2 New Street, Fresno, CA 93702',
        correctionExplanation: 'Moved in January',
      },
      '/staff/intake',
    );
    expect(response.statusCode).toBe(303);
    const reference = /logged=(RD-[0-9A-Z-]+)/.exec(response.headers.location as string)![1]!;
    const request = await harness.db.privacyRequest.findUniqueOrThrow({
      where: { reference },
      include: { subject: true },
    });
    expect(request.type).toBe('correct');
    expect(request.channel).toBe('phone');
    expect(request.subject?.correction).toEqual({
      field: 'postal_address',
      currentValue: '1 Old Road, Fresno, CA 93701',
      requestedValue: '2 New Street, Fresno, CA 93702',
      explanation: 'Moved in January',
    });
  });

  it('ignores correction fields left filled in for another type of request', async () => {
    const response = await agentBrowser.post(
      '/staff/intake',
      { ...CALLER, type: 'delete', currentValue: 'typed before switching type' },
      '/staff/intake',
    );
    expect(response.statusCode).toBe(303);
    const reference = /logged=(RD-[0-9A-Z-]+)/.exec(response.headers.location as string)![1]!;
    const request = await harness.db.privacyRequest.findUniqueOrThrow({
      where: { reference },
      include: { subject: true },
    });
    expect(request.subject?.correction ?? null).toBeNull();
  });
});

describe('phone intake of a Shine the Light suppression (Civ. 1798.83(c)(2))', () => {
  it('logs it with only the number the caller gives, applied at once to that number', async () => {
    const response = await agentBrowser.post(
      '/staff/intake',
      {
        type: 'stl_suppression',
        firstName: '',
        lastName: '',
        phone: '(415) 555-0163',
        callReference: 'CALL-91',
        attestation: 'on',
      },
      '/staff/intake',
    );
    expect(response.statusCode, response.body).toBe(303);
    const reference = /logged=(RD-[0-9A-Z-]+)/.exec(response.headers.location as string)![1]!;
    const request = await harness.db.privacyRequest.findUniqueOrThrow({ where: { reference } });
    expect(request).toMatchObject({ type: 'stl_suppression', channel: 'phone', status: 'completed' });
    const preference = await harness.db.consumerPreference.findUniqueOrThrow({
      where: { identityKind_identityValue: { identityKind: 'phone', identityValue: '+14155550163' } },
    });
    expect(preference.directMarketingSuppressed).toBe(true);
  });

  it('lets an auditor download the list from the console, audited, and not a call-center agent', async () => {
    const auditor = await signIn(
      harness.app,
      await createStaffUser(harness.db, harness.config, { role: 'auditor' }),
      clock.now(),
    );
    expect((await auditor.get('/staff')).body).toContain('href="/staff/suppression-list.csv"');
    const download = await auditor.get('/staff/suppression-list.csv');
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe('attachment; filename="suppression-list.csv"');
    expect(download.body).toBe(
      '"identity_kind","identity_value","added_at"\r\n"phone","+14155550163","2025-03-03T18:00:00.000Z"\r\n',
    );
    const audited = await harness.db.auditEvent.findMany({ where: { action: 'suppression_list.exported' } });
    expect(audited).toMatchObject([{ actorType: 'staff', payload: { identities: 1 } }]);

    expect((await agentBrowser.get('/staff/intake')).body).not.toContain('suppression-list.csv');
    expect((await agentBrowser.get('/staff/suppression-list.csv')).statusCode).toBe(403);
  });
});
