import { describe, expect, it } from 'vitest';
import { STAFF_SESSION_COOKIE } from '../src/http/staff/guard.js';
import type { LightMyRequestResponse } from 'fastify';
import { useTestApp } from './support/app.js';
import { CookieClient } from './support/cookie-client.js';
import { createTestClock } from './support/services.js';
import { createStaffUser, signIn, STAFF_PASSWORD, totpCode } from './support/staff.js';

const clock = createTestClock(new Date());
const harness = useTestApp({
  clock,
  environment: { PUBLIC_BASE_URL: 'https://privacy.example.com', SESSION_SECRET: 'x'.repeat(48) },
});

function sessionCookieLine(response: LightMyRequestResponse): string | undefined {
  return [response.headers['set-cookie'] ?? []]
    .flat()
    .find((line) => line.startsWith(`${STAFF_SESSION_COOKIE}=`));
}

describe('staff sign-in and sessions', () => {
  it('sets the session cookie HttpOnly, Secure (https base URL), SameSite=Strict, scoped to /staff', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const browser = new CookieClient(harness.app);
    const response = await browser.post('/staff/sign-in', { email: user.email, password: STAFF_PASSWORD });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/staff');
    const line = sessionCookieLine(response);
    expect(line).toBeDefined();
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/Secure/i);
    expect(line).toMatch(/SameSite=Strict/i);
    expect(line).toMatch(/Path=\/staff/i);
    expect((await browser.get('/staff')).statusCode).toBe(200);
  });

  it('stores only a hash of the session token', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const browser = await signIn(harness.app, user);
    const token = browser.cookies.get(STAFF_SESSION_COOKIE)!;
    const sessions = await harness.db.staffSession.findMany({ where: { userId: user.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.tokenHash).not.toContain(token);
    expect(sessions[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rotates the session at sign-in: a new token, and the old session ends', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const browser = await signIn(harness.app, user);
    const first = browser.cookies.get(STAFF_SESSION_COOKIE)!;
    await browser.post('/staff/sign-in', { email: user.email, password: STAFF_PASSWORD }, '/staff/sign-in');
    const second = browser.cookies.get(STAFF_SESSION_COOKIE)!;
    expect(second).not.toBe(first);
    const stale = new CookieClient(harness.app);
    stale.cookies.set(STAFF_SESSION_COOKIE, first);
    const response = await stale.get('/staff');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/staff/sign-in');
    expect((await browser.get('/staff')).statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes but not after 29', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const browser = await signIn(harness.app, user);
    clock.advanceHours(29 / 60);
    expect((await browser.get('/staff')).statusCode).toBe(200);
    clock.advanceHours(29 / 60);
    expect((await browser.get('/staff')).statusCode).toBe(200);
    clock.advanceHours(31 / 60);
    const response = await browser.get('/staff');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/staff/sign-in');
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const browser = await signIn(harness.app, user);
    // Activity every 27 minutes keeps it alive until 11.7 hours; at 12.15 it is over.
    for (let step = 1; step <= 26; step += 1) {
      clock.advanceHours(0.45);
      expect((await browser.get('/staff')).statusCode).toBe(200);
    }
    clock.advanceHours(0.45);
    expect((await browser.get('/staff')).statusCode).toBe(303);
  });

  it('makes wrong passwords from one browser wait, even for the right one, until the wait is over', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const browser = new CookieClient(harness.app);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await browser.post('/staff/sign-in', {
        email: user.email,
        password: 'wrong password!',
      });
      expect(response.statusCode).toBe(401);
    }
    const waiting = await browser.post('/staff/sign-in', { email: user.email, password: STAFF_PASSWORD });
    expect(waiting.statusCode).toBe(429);
    expect(waiting.body).toContain('Wait 2 second(s)');
    clock.advanceHours(3 / 3600);
    const after = await browser.post('/staff/sign-in', { email: user.email, password: STAFF_PASSWORD });
    expect(after.statusCode).toBe(303);
  });

  it('answers an unknown email exactly as a wrong password', async () => {
    const browser = new CookieClient(harness.app);
    const response = await browser.post('/staff/sign-in', {
      email: 'nobody@rightsdesk.test',
      password: 'whatever it is',
    });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('do not match an active account');
  });

  it('re-renders the sign-in form with the email and field messages when fields are missing', async () => {
    const browser = new CookieClient(harness.app);
    const response = await browser.post('/staff/sign-in', { email: 'someone@rightsdesk.test', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('value="someone@rightsdesk.test"');
    expect(response.body).toContain('enter your password');
  });

  it('signs out everywhere: every session of the user ends', async () => {
    const user = await createStaffUser(harness.db, harness.config, { role: 'auditor' });
    const laptop = await signIn(harness.app, user);
    const desktop = await signIn(harness.app, user);
    const response = await laptop.post('/staff/sign-out-everywhere', {}, '/staff');
    expect(response.statusCode).toBe(303);
    expect((await desktop.get('/staff')).statusCode).toBe(303);
    expect((await laptop.get('/staff')).statusCode).toBe(303);
  });

  it('requires TOTP for an officer: the password alone opens nothing, a replayed code is refused', async () => {
    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    const browser = new CookieClient(harness.app);
    const response = await browser.post('/staff/sign-in', { email: officer.email, password: STAFF_PASSWORD });
    expect(response.headers.location).toBe('/staff/two-factor');
    expect((await browser.get('/staff')).headers.location).toBe('/staff/two-factor');
    const wrong = await browser.post('/staff/two-factor', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    const code = await totpCode(officer.totpSecret!, clock.now());
    const right = await browser.post('/staff/two-factor', { code });
    expect(right.statusCode).toBe(303);
    expect((await browser.get('/staff')).statusCode).toBe(200);

    const replay = new CookieClient(harness.app);
    await replay.post('/staff/sign-in', { email: officer.email, password: STAFF_PASSWORD });
    expect((await replay.post('/staff/two-factor', { code })).statusCode).toBe(400);
  });

  it('enrols TOTP by QR code for an admin without it, storing the secret encrypted', async () => {
    const admin = await createStaffUser(harness.db, harness.config, { role: 'admin', totp: false });
    const browser = new CookieClient(harness.app);
    const response = await browser.post('/staff/sign-in', { email: admin.email, password: STAFF_PASSWORD });
    expect(response.headers.location).toBe('/staff/two-factor/enrol');
    const page = await browser.get('/staff/two-factor/enrol');
    expect(page.body).toMatch(/<img class="qr-code" src="data:image\/png;base64,/);
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.body)![1]!;
    const stored = await harness.db.staffUser.findUniqueOrThrow({ where: { id: admin.id } });
    expect(stored.totpSecretEncrypted).not.toContain(secret);
    const enrolled = await browser.post('/staff/two-factor/enrol', {
      code: await totpCode(secret, clock.now()),
    });
    expect(enrolled.statusCode).toBe(303);
    expect(
      (await harness.db.staffUser.findUniqueOrThrow({ where: { id: admin.id } })).totpEnabledAt,
    ).not.toBeNull();
  });
});
