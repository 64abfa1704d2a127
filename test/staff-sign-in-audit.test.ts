import { describe, expect, it } from 'vitest';
import { linkPendingAuditEvents, verifyAuditChain } from '../src/services/audit/audit-chain-repo.js';
import { useTestApp } from './support/app.js';
import { CookieClient } from './support/cookie-client.js';
import { createTestClock } from './support/services.js';
import { createStaffUser, signIn, STAFF_PASSWORD, totpCode } from './support/staff.js';

const clock = createTestClock(new Date());
const harness = useTestApp({ clock });

/** The sign-in events an actor wrote, oldest first, as action and payload. */
async function signInEventsOf(actorId: string) {
  const rows = await harness.db.auditEvent.findMany({
    where: { actorId, action: { startsWith: 'staff.' } },
    orderBy: { sequence: 'asc' },
  });
  for (const row of rows) expect(row.requestId).toBeNull();
  return rows.map((row) => ({ action: row.action, payload: row.payload }));
}

/** No email and no IP address (inject's is 127.0.0.1) anywhere in the sign-in events. */
async function expectNoPersonalDataInSignInEvents() {
  const rows = await harness.db.auditEvent.findMany({ where: { action: { startsWith: 'staff.' } } });
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const text = JSON.stringify({ actorId: row.actorId, payload: row.payload });
    expect(text).not.toContain('@');
    expect(text).not.toContain('127.0.0.1');
  }
}

describe('the audit log of staff sign-ins', () => {
  it('records a sign-in and a sign-out under the user id, with the session', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const browser = await signIn(harness.app, user);
    expect((await browser.post('/staff/sign-out', {}, '/staff')).statusCode).toBe(303);
    const session = await harness.db.staffSession.findFirstOrThrow({ where: { userId: user.id } });
    expect(await signInEventsOf(user.id)).toEqual([
      { action: 'staff.signed_in', payload: { sessionId: session.id, twoFactor: 'not_required' } },
      { action: 'staff.signed_out', payload: { sessionId: session.id } },
    ]);
  });

  it('records a failed sign-in for an unknown email without the email or any account', async () => {
    const before = await harness.db.auditEvent.count({ where: { actorId: 'staff-sign-in' } });
    const email = 'nobody.here@rightsdesk.test';
    const response = await new CookieClient(harness.app).post('/staff/sign-in', {
      email,
      password: 'guess it',
    });
    expect(response.statusCode).toBe(401);
    const rows = await harness.db.auditEvent.findMany({
      where: { actorId: 'staff-sign-in' },
      orderBy: { sequence: 'asc' },
    });
    expect(rows).toHaveLength(before + 1);
    const row = rows.at(-1)!;
    expect(row).toMatchObject({
      actorType: 'system',
      requestId: null,
      action: 'staff.sign_in_failed',
      payload: { step: 'password', reason: 'unknown_account' },
    });
    expect(JSON.stringify(row.payload)).not.toContain('nobody');
  });

  it('records each wrong password, and the attempts refused while waiting', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const browser = new CookieClient(harness.app);
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      await browser.post('/staff/sign-in', {
        email: user.email,
        password: attempt === 6 ? STAFF_PASSWORD : 'wrong password!',
      });
    }
    const wrong = { action: 'staff.sign_in_failed', payload: { step: 'password', reason: 'wrong_password' } };
    const waiting = {
      action: 'staff.sign_in_failed',
      payload: { step: 'password', reason: 'account_locked' },
    };
    expect(await signInEventsOf(user.id)).toEqual([wrong, wrong, wrong, wrong, waiting, waiting]);
  });

  it('records TOTP enrolment, a wrong code, and passing the second step', async () => {
    const admin = await createStaffUser(harness.db, harness.config, { role: 'admin', totp: false });
    const browser = new CookieClient(harness.app);
    await browser.post('/staff/sign-in', { email: admin.email, password: STAFF_PASSWORD });
    const page = await browser.get('/staff/two-factor/enrol');
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.body)![1]!;
    expect((await browser.post('/staff/two-factor/enrol', { code: '000000' })).statusCode).toBe(400);
    const enrolled = await browser.post('/staff/two-factor/enrol', {
      code: await totpCode(secret, clock.now()),
    });
    expect(enrolled.statusCode).toBe(303);
    const session = await harness.db.staffSession.findFirstOrThrow({ where: { userId: admin.id } });
    expect(await signInEventsOf(admin.id)).toEqual([
      { action: 'staff.signed_in', payload: { sessionId: session.id, twoFactor: 'enrol' } },
      { action: 'staff.sign_in_failed', payload: { step: 'two_factor', reason: 'wrong_code' } },
      { action: 'staff.two_factor_enrolled', payload: { sessionId: session.id } },
      { action: 'staff.two_factor_passed', payload: { sessionId: session.id } },
    ]);
  });

  it('records a sign-out everywhere with the number of sessions it ended', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const laptop = await signIn(harness.app, user);
    await signIn(harness.app, user);
    expect((await laptop.post('/staff/sign-out-everywhere', {}, '/staff')).statusCode).toBe(303);
    const events = await signInEventsOf(user.id);
    expect(events.map((event) => event.action)).toEqual([
      'staff.signed_in',
      'staff.signed_in',
      'staff.signed_out_everywhere',
    ]);
    expect(events.at(-1)!.payload).toEqual({ sessionsEnded: 2 });
  });

  it('keeps emails and IP addresses out of every sign-in event, and the chain intact', async () => {
    await expectNoPersonalDataInSignInEvents();
    await linkPendingAuditEvents(harness.db);
    expect(await verifyAuditChain(harness.db)).toMatchObject({ ok: true, pending: 0 });
  });
});
